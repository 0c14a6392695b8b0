import { Injectable } from '@nestjs/common';
import { IdempotencyKeys, InjectTx, Tx } from '@lib/platform';

/** pledges.idempotency_keys, for the group commit of POST /pledges (CreatePledgesGroup claims a whole group's keys at once). */
@Injectable()
export class PledgeIdempotencyKeys extends IdempotencyKeys {
  constructor(@InjectTx('pledges') txHost: Tx) {
    super('pledges', txHost);
  }
}
