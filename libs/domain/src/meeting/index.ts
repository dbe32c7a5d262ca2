export * from './voting-rules';
export * from './meeting.events';
export * from './meeting.commands';
export * from './meeting.state';
export * from './cluster-facts';
export * from './meeting.decider';
export * from './resolution-register';
export * from './resolution-facts';
