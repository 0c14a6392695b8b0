export * from './money';
export * from './ledger';
export * from './source-split';
export * from './platform-audit';
