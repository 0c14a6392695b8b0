import { DonorShareRefunded, EventEnvelope } from '@lib/contracts';
import type { EscrowRepository } from '../persistence/escrow.repository';
import { RecordDonorRefundsOnDonorShareRefunded } from './record-donor-refunds-on-donor-share-refunded.consumer';

describe('RecordDonorRefundsOnDonorShareRefunded', () => {
  it("takes what the donors got back out of the campaign's refunds account, as reported", async () => {
    const escrow = { donorShareRefunded: jest.fn(async () => true) };
    const payload = { requestId: 'rq1', campaignId: 'c1', amount: 2999, currency: 'EUR', pledges: 3 };
    await new RecordDonorRefundsOnDonorShareRefunded(escrow as unknown as EscrowRepository).handle({
      type: DonorShareRefunded.type,
      payload,
    } as unknown as EventEnvelope<never>);
    expect(escrow.donorShareRefunded).toHaveBeenCalledWith(payload);
  });
});
