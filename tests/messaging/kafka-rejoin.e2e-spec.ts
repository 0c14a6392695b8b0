import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { CONSUMER_SESSION_TIMEOUT_MS, KafkaTransport, ReceivedMessage } from '@lib/messaging';

/**
 * A service restarted after a SIGKILL (scripts/faults/run-faults.ts found this): its dead
 * predecessor is still a member of the consumer group until its session times out, and a join
 * waits for that. Starting the consumers must not wait with it — the restarted service answers
 * HTTP at once — and consuming resumes, from the committed offsets, once the dead member is gone.
 * And a consumer that kafkajs gives up on (a non-retriable crash, e.g. its offset commit refused
 * because the group evicted it) is started again: the service must not stop consuming silently.
 */
describe('Kafka consumer groups after a crash', () => {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const namespace = `rejoin_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let transport: KafkaTransport | undefined;
  afterAll(() => transport?.close());

  it('starts consuming without waiting for the dead member, and gets the events once it is evicted', async () => {
    const setup = new KafkaTransport({ brokers, clientId: 'rejoin-setup', namespace, partitions: 1 });
    await setup.ensureTopics(['campaigns.campaign']);
    await setup.close();

    // A member of the group in another process, with our consumers' session timeout, killed -9 once joined.
    const script = `
      const { Kafka, logLevel } = require('kafkajs');
      const c = new Kafka({ clientId: 'doomed', brokers: ${JSON.stringify(brokers)}, logLevel: logLevel.NOTHING })
        .consumer({ groupId: '${namespace}.pledges', sessionTimeout: ${CONSUMER_SESSION_TIMEOUT_MS}, heartbeatInterval: 3000 });
      c.on(c.events.GROUP_JOIN, () => console.log('joined'));
      c.connect().then(() => c.subscribe({ topics: ['${namespace}.campaigns.campaign'], fromBeginning: true })).then(() => c.run({ eachMessage: async () => {} }));`;
    const doomed = spawn(process.execPath, ['-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      doomed.stdout.on('data', (d: Buffer) => d.toString().includes('joined') && resolve());
      doomed.once('exit', (code) => reject(new Error(`the doomed consumer exited (${code}) before joining`)));
    });
    doomed.removeAllListeners('exit');
    doomed.kill('SIGKILL');

    transport = new KafkaTransport({ brokers, clientId: 'rejoin-restarted', namespace, partitions: 1 });
    const received: ReceivedMessage[] = [];
    const t0 = Date.now();
    await transport.subscribe('pledges', ['campaigns.campaign'], async (messages) => void received.push(...messages));
    // Before the fix this took the dead member's whole session (>= 10 s, kafkajs' default 30 s).
    expect(Date.now() - t0).toBeLessThan(CONSUMER_SESSION_TIMEOUT_MS / 2);

    await transport.publish([{ topic: 'campaigns.campaign', key: 'k', value: 'after the crash', headers: {} }]);
    const deadline = Date.now() + CONSUMER_SESSION_TIMEOUT_MS * 4;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(received.map((m) => m.value)).toEqual(['after the crash']);
    await transport.idle(10_000);
  });

  it('restarts a consumer that kafkajs gave up on after its member was evicted, and the event is applied', async () => {
    const ns = `${namespace}_evicted`;
    const setup = new KafkaTransport({ brokers, clientId: 'evict-setup', namespace: ns, partitions: 1 });
    await setup.ensureTopics(['campaigns.campaign']);
    await setup.close();
    const slow = new KafkaTransport({ brokers, clientId: 'evicted', namespace: ns, partitions: 1 });
    const seen: string[] = [];
    try {
      // The first delivery outlasts the session: the group evicts the member, so committing its
      // offset fails with UNKNOWN_MEMBER_ID, a non-retriable error on which kafkajs stops the consumer.
      await slow.subscribe('payouts', ['campaigns.campaign'], async (messages) => {
        seen.push(...messages.map((m) => m.value));
        if (seen.length === 1) await new Promise((r) => setTimeout(r, CONSUMER_SESSION_TIMEOUT_MS + 3000));
      });
      await slow.publish([{ topic: 'campaigns.campaign', key: 'k', value: 'slow one', headers: {} }]);
      // Redelivered by the restarted consumer (the inbox would make the second delivery a no-op), then committed.
      const deadline = Date.now() + CONSUMER_SESSION_TIMEOUT_MS * 5;
      while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(seen).toEqual(['slow one', 'slow one']);
      await slow.idle(CONSUMER_SESSION_TIMEOUT_MS * 2);
    } finally {
      await slow.close();
    }
  });
});
