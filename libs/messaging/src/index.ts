
export * from './messaging-tables';
export * from './transport/transport';
export * from './transport/in-process.transport';
export * from './transport/kafka.transport';
export * from './outbox/outbox-writer';
export * from './outbox/outbox-relay';
export * from './inbox/inbox';
export * from './consumer/event-consumer';
export * from './consumer/consumer-runner';
export * from './messaging.module';
export * from './messaging-registry';
export * from './join/event-join';
export * from './host';
