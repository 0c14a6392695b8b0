import fc from 'fast-check';
import { EventEnvelope, PledgeConfirmed, PledgeRefunded } from '@lib/contracts';
import type { CampaignProgressRepository } from '../persistence/campaign-progress.repository';
import { TrackProgressOnPledgeEvents } from './track-progress-on-pledge-events.consumer';

const confirmed = (amount: number) =>
  ({ type: PledgeConfirmed.type, payload: { pledgeId: 'p1', campaignId: 'c1', donorId: 'd1', amount, currency: 'EUR' } }) as unknown as EventEnvelope<never>;
const refunded = (amount: number, pledgeAmount?: number) =>
  ({
    type: PledgeRefunded.type,
    payload: { pledgeId: 'p1', campaignId: 'c1', donorId: 'd1', amount, pledgeAmount, currency: 'EUR' },
  }) as unknown as EventEnvelope<never>;

/** The backer's amount before the event is `was`; `calls` keeps the order of the lock and the writes. */
function setup(was: number) {
  const calls: string[] = [];
  const progress = {
    lockBacker: jest.fn(async (...args: unknown[]) => (calls.push(`lockBacker ${JSON.stringify(args)}`), was)),
    setBackerAmount: jest.fn(async (...args: unknown[]) => void calls.push(`setBackerAmount ${JSON.stringify(args)}`)),
    addToProgress: jest.fn(async (...args: unknown[]) => void calls.push(`addToProgress ${JSON.stringify(args)}`)),
  };
  const consumer = new TrackProgressOnPledgeEvents(progress as unknown as CampaignProgressRepository);
  return { consumer, calls };
}

describe('TrackProgressOnPledgeEvents', () => {
  it("a new backer's first confirmed pledge: locks the backer first, then adds the pledge and one backer", async () => {
    const { consumer, calls } = setup(0);
    await consumer.handle(confirmed(2500));
    expect(calls).toEqual([
      'lockBacker ["c1","d1"]',
      'setBackerAmount ["c1","d1",2500]',
      'addToProgress ["c1",{"pledged":2500,"backers":1,"confirmedPledges":1}]',
    ]);
  });

  it('a known backer pledging again adds the amount and a confirmed pledge, not another backer', async () => {
    const { consumer, calls } = setup(1000);
    await consumer.handle(confirmed(2501));
    expect(calls.slice(1)).toEqual(['setBackerAmount ["c1","d1",3501]', 'addToProgress ["c1",{"pledged":2501,"backers":0,"confirmedPledges":1}]']);
  });

  it('a refund bringing the backer to zero takes the pledge out and the backer with it', async () => {
    const { consumer, calls } = setup(2500);
    await consumer.handle(refunded(2500));
    expect(calls).toEqual([
      'lockBacker ["c1","d1"]',
      'setBackerAmount ["c1","d1",0]',
      'addToProgress ["c1",{"pledged":-2500,"backers":-1,"confirmedPledges":0}]',
    ]);
  });

  it('a refund of one of several pledges keeps the backer', async () => {
    const { consumer, calls } = setup(4000);
    await consumer.handle(refunded(1500));
    expect(calls.slice(1)).toEqual(['setBackerAmount ["c1","d1",2500]', 'addToProgress ["c1",{"pledged":-1500,"backers":0,"confirmedPledges":0}]']);
  });

  it('takes the whole pledge out (pledgeAmount), not only what the refund paid back after a donors-share refund', async () => {
    const { consumer, calls } = setup(2500);
    await consumer.handle(refunded(1800, 2500));
    expect(calls.slice(1)).toEqual(['setBackerAmount ["c1","d1",0]', 'addToProgress ["c1",{"pledged":-2500,"backers":-1,"confirmedPledges":0}]']);
  });

  it('never stores a negative backer amount; a backer already at zero is not removed twice', async () => {
    const { consumer, calls } = setup(0);
    await consumer.handle(refunded(700));
    expect(calls.slice(1)).toEqual(['setBackerAmount ["c1","d1",0]', 'addToProgress ["c1",{"pledged":-700,"backers":0,"confirmedPledges":0}]']);
  });
});

/** The progress tables in memory, with the repository's SQL semantics (a counter of its statements). */
class ProgressTables {
  readonly backers = new Map<string, number>();
  readonly campaigns = new Map<string, { pledged: number; backers: number; confirmedPledges: number }>();
  readonly updates: string[] = [];
  readonly repository = {
    lockBacker: async (c: string, d: string) => (this.backers.has(`${c}/${d}`) || this.backers.set(`${c}/${d}`, 0), this.backers.get(`${c}/${d}`)!),
    setBackerAmount: async (c: string, d: string, amount: number) => void this.backers.set(`${c}/${d}`, amount),
    addToProgress: async (c: string, delta: { pledged: number; backers: number; confirmedPledges: number }) => {
      this.updates.push(c);
      const row = this.campaigns.get(c) ?? { pledged: 0, backers: 0, confirmedPledges: 0 };
      this.campaigns.set(c, {
        pledged: Math.max(0, row.pledged + delta.pledged),
        backers: row.backers + delta.backers,
        confirmedPledges: row.confirmedPledges + delta.confirmedPledges,
      });
    },
  } as unknown as CampaignProgressRepository;
}

const event = (e: { type: 'c' | 'r'; campaign: string; donor: string; amount: number; pledgeAmount?: number }) =>
  ({
    type: e.type === 'c' ? PledgeConfirmed.type : PledgeRefunded.type,
    payload: { pledgeId: 'p', campaignId: e.campaign, donorId: e.donor, amount: e.amount, pledgeAmount: e.pledgeAmount, currency: 'EUR' },
  }) as unknown as EventEnvelope<never>;

describe('TrackProgressOnPledgeEvents.handleBatch', () => {
  it('ten confirmed pledges to one campaign: each backer locked and set once, ONE update of the campaign', async () => {
    const tables = new ProgressTables();
    const donors = ['d1', 'd2', 'd1', 'd3', 'd2', 'd1', 'd4', 'd4', 'd5', 'd1'];
    await new TrackProgressOnPledgeEvents(tables.repository).handleBatch(donors.map((donor) => event({ type: 'c', campaign: 'c1', donor, amount: 100 })));
    expect(tables.updates).toEqual(['c1']);
    expect(tables.campaigns.get('c1')).toEqual({ pledged: 1000, backers: 5, confirmedPledges: 10 });
    expect(tables.backers.get('c1/d1')).toBe(400);
  });

  it('has the effect of handle on each event in order, for any batch (refunds, zero floors, known backers)', async () => {
    const arbitraryEvent = fc.record({
      type: fc.constantFrom<'c' | 'r'>('c', 'r'),
      campaign: fc.constantFrom('c1', 'c2', 'c3'),
      donor: fc.constantFrom('d1', 'd2', 'd3'),
      amount: fc.integer({ min: 1, max: 5000 }),
      pledgeAmount: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
    });
    const start = fc.array(fc.tuple(fc.constantFrom('c1/d1', 'c1/d2', 'c2/d1', 'c3/d3'), fc.nat({ max: 5000 })));
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryEvent, { maxLength: 30 }), start, async (events, backers) => {
        const [one, all] = [new ProgressTables(), new ProgressTables()];
        for (const [key, amount] of backers) [one, all].forEach((t) => t.backers.set(key, amount));
        for (const e of events) await new TrackProgressOnPledgeEvents(one.repository).handle(event(e));
        await new TrackProgressOnPledgeEvents(all.repository).handleBatch(events.map(event));
        expect(all.backers).toEqual(one.backers);
        expect(all.campaigns).toEqual(one.campaigns);
      }),
    );
  });
});
