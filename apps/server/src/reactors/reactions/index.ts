import type { Reaction } from '../reaction';
import { installElectedLeaders } from './install-elected-leaders';
import { numberClosedVotes } from './number-closed-votes';
import { recordResolutionNumbers } from './record-resolution-numbers';

/** Every consequence one stream's act has on another, each written by the reactor from the log. */
export const reactions: readonly Reaction[] = [numberClosedVotes, recordResolutionNumbers, installElectedLeaders];
