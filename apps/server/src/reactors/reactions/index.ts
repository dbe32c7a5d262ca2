import type { Reaction } from '../reaction';
import { installElectedLeaders } from './install-elected-leaders';
import { numberClosedVotes } from './number-closed-votes';
import { numberElectedLeaders } from './number-elected-leaders';
import { recordElectionResolutionNumbers } from './record-election-resolution-numbers';
import { recordResolutionNumbers } from './record-resolution-numbers';

/**
 * Every consequence one stream's act has on another, each written by the reactor from the log. For
 * one event they run in this order: an election that elected is numbered before its leader is installed.
 */
export const reactions: readonly Reaction[] = [numberClosedVotes, recordResolutionNumbers, numberElectedLeaders, recordElectionResolutionNumbers, installElectedLeaders];
