import { EventEnvelope, RoundCutoffTallied } from '@lib/contracts';
import type { Clock } from '@lib/platform';
import type { RoundRepository } from '../persistence/round.repository';
import { RecordRoundCutoffOnTallied } from './record-round-cutoff-on-tallied.consumer';

const now = new Date('2027-03-01T00:02:00Z');

describe('RecordRoundCutoffOnTallied', () => {
  it("records pledges' tally as it came, at the clock time (the repository keeps the first answer)", async () => {
    const rounds = { recordTally: jest.fn(async () => undefined) };
    const payload = { ruleId: 'r1', cutoff: '2027-03-01T00:00:00.000Z', tallies: [{ campaignId: 'c1', announced: 7 }] };
    await new RecordRoundCutoffOnTallied(rounds as unknown as RoundRepository, { now: () => now } as Clock).handle({
      type: RoundCutoffTallied.type,
      payload,
    } as unknown as EventEnvelope<never>);
    expect(rounds.recordTally).toHaveBeenCalledWith(payload, now);
  });
});
