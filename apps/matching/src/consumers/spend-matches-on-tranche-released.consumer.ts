import { Injectable } from '@nestjs/common';
import { EventEnvelope, TrancheReleased, TrancheReleasedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { PoolLedger } from '../engine/pool-ledger';

/** A released tranche spends the funds' committed money (committed → spent); the inbox makes it once. */
@Injectable()
@EventConsumer({ service: 'matching', events: [TrancheReleased] })
export class SpendMatchesOnTrancheReleased implements EventHandler {
  constructor(private readonly pools: PoolLedger) {}

  async handle({ payload }: EventEnvelope<TrancheReleasedV1>): Promise<void> {
    const shares = payload.matchShares.filter((s) => s.amount > 0);
    await this.pools.lockFunds(shares.map((s) => s.fundId));
    for (const s of shares) await this.pools.move(s.fundId, s.amount, 'committed', 'spent');
  }
}
