export * from './money';
export * from './ledger';
export * from './platform-audit';
