import { EventEnvelope, RoundCutoffRequested } from '@lib/contracts';
import type { Clock } from '@lib/platform';
import type { AnnouncedConfirmations } from '../persistence/announced-confirmations.repository';
import { TallyRoundCutoffOnRequest } from './tally-round-cutoff-on-request.consumer';

const payload = { ruleId: 'r1', cutoff: '2027-03-01T00:00:00.000Z', campaignIds: ['c1', 'c2'] };
const requested = { type: RoundCutoffRequested.type, payload } as unknown as EventEnvelope<never>;

function setup(now: string) {
  const announced = { answerCutoff: jest.fn(async () => undefined) };
  const consumer = new TallyRoundCutoffOnRequest(announced as unknown as AnnouncedConfirmations, { now: () => new Date(now) } as Clock);
  return { consumer, announced };
}

describe('TallyRoundCutoffOnRequest', () => {
  it.each(['2027-03-01T00:00:00.000Z', '2027-03-01T00:00:05.000Z'])('answers the request once the cut-off is reached on this clock (%s)', async (now) => {
    const { consumer, announced } = setup(now);
    await consumer.handle(requested);
    expect(announced.answerCutoff).toHaveBeenCalledWith(payload);
  });

  it('is retried, answering nothing, while this clock is still before the cut-off', async () => {
    const { consumer, announced } = setup('2027-02-28T23:59:59.999Z');
    await expect(consumer.handle(requested)).rejects.toMatchObject({ code: 'ROUND_CUTOFF_NOT_REACHED', kind: 'conflict' });
    expect(announced.answerCutoff).not.toHaveBeenCalled();
  });
});
