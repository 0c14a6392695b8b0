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
