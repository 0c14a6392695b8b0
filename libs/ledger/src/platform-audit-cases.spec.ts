import { messagingFigures, reconcile } from './platform-audit';
import { healthy } from './platform-audit.spec-fixture';
import { type Change, ONE_FIGURE_WRONG } from './platform-audit-cases.spec-fixture';
import { EDGE_CASES } from './platform-audit-edge-cases.spec-fixture';

const found = (change: Change) => {
  const f = healthy();
  change(f);
  return reconcile(f).findings.map((x) => ({ kind: x.kind, campaignId: x.campaignId, fundId: x.fundId, detail: x.detail, figures: x.figures }));
};

/** One figure wrong at a time: exactly the finding it must raise, with its words and figures. */
describe('reconcile: each check, one figure at a time', () => {
  it.each<[string, Change]>([...ONE_FIGURE_WRONG, ...EDGE_CASES])('%s', (_name, change) => {
    expect(found(change)).toMatchSnapshot();
  });

  it('is pending, not findings, while an outbox still holds messages', () => {
    const f = healthy();
    f.campaigns.campaigns[0].raised = 1000;
    f.pledges.pendingOutbox = 4;
    expect(reconcile(f)).toMatchObject({ status: 'pending', pendingOutbox: { campaigns: 0, pledges: 4, matching: 0, payouts: 0 } });
    f.pledges.pendingOutbox = 0;
    expect(reconcile(f).status).toBe('findings');
  });
});

describe('messagingFigures', () => {
  it("reads a service's unpublished outbox rows and dead letters from its own schema", async () => {
    const asked: string[] = [];
    const sql = {
      query: async (q: string) => {
        asked.push(q);
        return [{ pending: '3', dead: '1' }];
      },
    };
    expect(await messagingFigures(sql, 'pledges')).toEqual({ pendingOutbox: 3, deadLetters: 1 });
    expect(asked[0]).toContain('"pledges".outbox_messages WHERE published_at IS NULL');
    expect(asked[0]).toContain(`"pledges".inbox_messages WHERE status = 'dead'`);
  });
});
