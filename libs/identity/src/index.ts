export * from './mint-token';
export * from './token-verifier';
