import type { ServiceName } from '@lib/platform';
import { DAY } from '../config';
import { Cmd, Model, pick, World } from '../model';
import { assertAudit, catchUp, p, stats } from '../system';

// Time and order: a topic lagging behind the others for a few steps, the clock passing days (every due job runs).
/**
 * Topics that reach a service on their own (Kafka orders messages only within a topic's partition):
 * each may lag behind the others, named by one of its event types (HoldingTransport holds the whole
 * topic, so nothing overtakes an event of its own topic).
 */
const LAGS: [service: ServiceName, eventType: string][] = [
  ['matching', 'funding.closed'],
  ['matching', 'pledge.confirmed'],
  ['matching', 'campaign.succeeded'],
  ['matching', 'tranche.released'],
  ['matching', 'funds.returned'],
  ['campaigns', 'funding.closed'],
  ['campaigns', 'match.finalized'],
  ['campaigns', 'pledge.confirmed'],
  ['campaigns', 'tranches.settled'],
  ['payouts', 'campaign.succeeded'],
  ['payouts', 'match.finalized'],
  ['payouts', 'pledge.confirmed'],
  ['payouts', 'donor_share.refunded'],
  ['pledges', 'campaign.succeeded'],
  ['pledges', 'tranche.released'],
  ['pledges', 'donor_share.refund_requested'],
];

export class Lag implements Cmd {
  constructor(
    readonly lag: number,
    readonly steps: number,
  ) {}
  check = () => true;
  async run(_m: Model, w: World) {
    const [service, eventType] = pick(LAGS, this.lag);
    const name = `${service} ← ${eventType}'s topic`;
    if (w.lags.some((l) => l.name === name)) return;
    w.lags.push({ name, service, steps: this.steps, release: p.hold(service, eventType) });
    w.log.push(`lag: ${name}, for ${this.steps} steps`);
    stats.steps++;
    (stats.byCommand.lag ??= { ok: 0, refused: 0 }).ok++;
  }
  toString = () => `Lag(${this.lag}, ${this.steps})`;
}

export class PassTime implements Cmd {
  constructor(readonly days: number) {}
  check = () => true;
  async run(_m: Model, w: World) {
    await catchUp(w);
    p.clock.advance(this.days * DAY);
    await p.tick();
    w.log.push(`pass ${this.days} days`);
    stats.steps++;
    (stats.byCommand.passTime ??= { ok: 0, refused: 0 }).ok++;
    await assertAudit(w, `pass ${this.days} days`);
  }
  toString = () => `PassTime(${this.days})`;
}
