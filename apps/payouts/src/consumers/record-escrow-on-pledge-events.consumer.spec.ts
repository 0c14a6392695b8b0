import { EventEnvelope, PledgeConfirmed, PledgeRefunded } from '@lib/contracts';
import type { EscrowRepository } from '../persistence/escrow.repository';
import type { RefundsAfterClose } from '../services/refunds-after-close';
import { RecordEscrowOnPledgeEvents } from './record-escrow-on-pledge-events.consumer';

const money = { pledgeId: 'p1', campaignId: 'c1', amount: 2501, currency: 'EUR' };
const envelope = (type: string, extra: object = {}) =>
  ({ type, payload: { ...money, donorId: 'd1', pledgeAmount: 9999, ...extra } }) as unknown as EventEnvelope<never>;

function setup() {
  const escrow = { collected: jest.fn(async () => true), refunded: jest.fn(async () => true) };
  const afterClose = { crowdRefunded: jest.fn(async () => undefined) };
  const consumer = new RecordEscrowOnPledgeEvents(escrow as unknown as EscrowRepository, afterClose as unknown as RefundsAfterClose);
  return { consumer, escrow, afterClose };
}

describe('RecordEscrowOnPledgeEvents', () => {
  it('a confirmed pledge enters the escrow with its exact amount', async () => {
    const { consumer, escrow, afterClose } = setup();
    await consumer.handle(envelope(PledgeConfirmed.type));
    expect(escrow.collected).toHaveBeenCalledWith(money);
    expect(escrow.refunded).not.toHaveBeenCalled();
    expect(afterClose.crowdRefunded).not.toHaveBeenCalled();
  });

  it.each([[{}], [{ countedAtClose: false }]])('a refund before the close (%j) leaves the escrow directly', async (extra) => {
    const { consumer, escrow, afterClose } = setup();
    await consumer.handle(envelope(PledgeRefunded.type, extra));
    expect(escrow.refunded).toHaveBeenCalledWith(money); // what was refunded, not the pledge's whole amount
    expect(escrow.collected).not.toHaveBeenCalled();
    expect(afterClose.crowdRefunded).not.toHaveBeenCalled();
  });

  it('a refund the close counted comes out of what the tranche plan has not released', async () => {
    const { consumer, escrow, afterClose } = setup();
    await consumer.handle(envelope(PledgeRefunded.type, { countedAtClose: true }));
    expect(afterClose.crowdRefunded).toHaveBeenCalledWith(money);
    expect(escrow.refunded).not.toHaveBeenCalled();
    expect(escrow.collected).not.toHaveBeenCalled();
  });
});
