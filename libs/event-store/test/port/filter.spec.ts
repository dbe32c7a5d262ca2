import { matchesFilter } from '../../src/port/filter';

describe('matchesFilter', () => {
  it("never passes a system stream or a system event type ('$' first), with or without a filter", () => {
    expect(matchesFilter(undefined, '$stats-node', 'Happened')).toBe(false);
    expect(matchesFilter(undefined, 'meeting-1', '$metadata')).toBe(false);
    expect(matchesFilter({ streamPrefixes: ['$'] }, '$stats-node', '$statsCollected')).toBe(false);
    expect(matchesFilter({ eventTypes: ['$metadata'] }, 'meeting-1', '$metadata')).toBe(false);
  });

  it("passes a '$' anywhere but first", () => {
    expect(matchesFilter(undefined, 'meeting-$', 'Happened$')).toBe(true);
  });

  it('passes everything else without a filter', () => {
    expect(matchesFilter(undefined, 'meeting-1', 'Opened')).toBe(true);
    expect(matchesFilter({}, 'meeting-1', 'Opened')).toBe(true);
  });

  it('passes a stream that starts with any one of the prefixes', () => {
    const filter = { streamPrefixes: ['meeting-', 'vote-'] };
    expect(matchesFilter(filter, 'meeting-1', 'Opened')).toBe(true);
    expect(matchesFilter(filter, 'vote-1', 'Cast')).toBe(true);
    expect(matchesFilter(filter, 'cluster-1', 'Opened')).toBe(false);
  });

  it('passes exactly the listed event types, and needs both lists when both are given', () => {
    expect(matchesFilter({ eventTypes: ['Opened', 'Closed'] }, 'meeting-1', 'Closed')).toBe(true);
    expect(matchesFilter({ eventTypes: ['Opened'] }, 'meeting-1', 'OpenedLate')).toBe(false);
    const both = { streamPrefixes: ['meeting-'], eventTypes: ['Opened'] };
    expect(matchesFilter(both, 'meeting-1', 'Opened')).toBe(true);
    expect(matchesFilter(both, 'vote-1', 'Opened')).toBe(false);
    expect(matchesFilter(both, 'meeting-1', 'Closed')).toBe(false);
  });
});
