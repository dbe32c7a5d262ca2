export * from './voting-rules';
export * from './meeting.events';
export * from './meeting.commands';
export * from './meeting.state';
export { ballotsFrom, countBallot, countOf, noBallots, noCount } from './ballots';
export * from './cluster-facts';
export * from './meeting.decider';
export * from './resolution-register';
export * from './resolution-facts';
