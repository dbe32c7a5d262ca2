import { compliance, councilPeriods } from '../src';
import { cluster, group, meeting, task } from './read-model-fixtures';

const ref = (n: string) => ({ meetingId: 'gm', voteId: 'v', resolution: { number: n, body: 'general_meeting', sequence: 1, year: 2024 } });

describe('councilPeriods', () => {
  it('splits a year by the charter interval: quarters, halves, the year, or numbered periods', () => {
    expect(councilPeriods(2024, 3)).toEqual([
      { period: 'Q1', from: '2024-01-01', to: '2024-03-31' },
      { period: 'Q2', from: '2024-04-01', to: '2024-06-30' },
      { period: 'Q3', from: '2024-07-01', to: '2024-09-30' },
      { period: 'Q4', from: '2024-10-01', to: '2024-12-31' },
    ]);
    expect(councilPeriods(2024, 6).map((p) => [p.period, p.to])).toEqual([['H1', '2024-06-30'], ['H2', '2024-12-31']]);
    expect(councilPeriods(2024, 12)).toEqual([{ period: '2024', from: '2024-01-01', to: '2024-12-31' }]);
    expect(councilPeriods(2024, 24)).toHaveLength(1);
    expect(councilPeriods(2024, 5).map((p) => [p.period, p.from, p.to])).toEqual([
      ['P1', '2024-01-01', '2024-05-31'],
      ['P2', '2024-06-01', '2024-10-31'],
      ['P3', '2024-11-01', '2024-12-31'],
    ]);
    expect(councilPeriods(2024, 1)[1]).toEqual({ period: 'P2', from: '2024-02-01', to: '2024-02-29' });
  });
});

describe('compliance', () => {
  const meetings = [
    meeting('c1', { scheduledFor: '2024-02-10T10:00:00.000Z' }),
    meeting('c2', { scheduledFor: '2024-05-10T10:00:00.000Z', status: 'cancelled' }),
    meeting('g1', { scheduledFor: '2024-05-11T10:00:00.000Z', kind: 'general' }),
    meeting('c3', { scheduledFor: '2024-11-20T10:00:00.000Z', status: 'convened' }),
  ];

  it('finds the quarters without a council meeting (cancelled and other kinds do not count); the current one is in progress', () => {
    const report = compliance({ cluster: cluster(), meetings, groups: [], year: 2024, at: '2024-08-15T12:00:00.000Z' });
    expect(report.council.periods.map((p) => [p.period, p.status, p.councilMeetings.map((m) => m.meetingId)])).toEqual([
      ['Q1', 'met', ['c1']],
      ['Q2', 'missed', []],
      ['Q3', 'in_progress', []],
      ['Q4', 'met', ['c3']],
    ]);
    expect(report.council.periodsWithoutCouncilMeeting).toEqual(['Q2']);
    expect(report.council.compliant).toBe(false);
  });

  it('follows the charter interval, ignores periods before founding, and marks future ones', () => {
    const halves = compliance({ cluster: cluster({ charter: { councilMeetingIntervalMonths: 6 } }), meetings, groups: [], year: 2024, at: '2025-01-02T00:00:00.000Z' });
    expect(halves.council.periods.map((p) => p.status)).toEqual(['met', 'met']);
    expect(halves.council.compliant).toBe(true);
    const late = compliance({ cluster: cluster({ foundedOn: '2024-07-15' }), meetings: [], groups: [], year: 2024, at: '2024-07-20T00:00:00.000Z' });
    expect(late.council.periods.map((p) => p.status)).toEqual(['before_founding', 'before_founding', 'in_progress', 'future']);
    expect(late.council.periodsWithoutCouncilMeeting).toEqual([]);
  });

  it('lists groups below their minimum size (inactive, not dissolved)', () => {
    const groups = [
      group('ga'),
      group('gb', { members: ['m1', 'm2'], activity: [{ active: false, at: '2024-04-01T00:00:00.000Z', memberCount: 2, minimumGroupSize: 3 }] }),
      group('gc', { members: ['m1'], dissolved: { reason: 'done', at: '2024-05-01T00:00:00.000Z' } }),
    ];
    const report = compliance({ cluster: cluster(), meetings: [], groups, year: 2024, at: '2024-08-15T12:00:00.000Z' });
    expect(report.groupsBelowMinimumSize).toEqual([{ groupId: 'gb', name: 'Group gb', memberCount: 2, minimumGroupSize: 3, inactiveSince: '2024-04-01T00:00:00.000Z' }]);
  });

  it('lists the years since founding without absolution granted, refused or not recorded', () => {
    const c = cluster({
      foundedOn: '2021-03-01',
      annualCycles: { 2021: { year: 2021, absolution: { ...ref('3/2022'), granted: true } }, 2022: { year: 2022, absolution: { ...ref('2/2023'), granted: false } } },
    });
    const report = compliance({ cluster: c, meetings: [], groups: [], year: 2024, at: '2024-08-15T12:00:00.000Z' });
    expect(report.yearsWithoutAbsolution).toEqual([
      { year: 2022, absolution: 'refused', resolution: ref('2/2023').resolution },
      { year: 2023, absolution: 'not_recorded', resolution: null },
    ]);
  });

  it('lists overdue tasks now, or as at the end of a past year', () => {
    const groups = [
      group('ga', {
        tasks: {
          t1: task('t1', { deadline: '2024-06-30' }),
          t2: task('t2', { deadline: '2024-06-30', completedAt: '2024-06-20T00:00:00.000Z' }),
          t3: task('t3', { deadline: '2030-01-01' }),
          t4: task('t4', { deadline: '2024-09-30', completedAt: '2025-02-01T00:00:00.000Z' }),
        },
      }),
      group('gd', { dissolved: { reason: 'x', at: '2024-07-01T00:00:00.000Z' }, tasks: { t5: task('t5') } }),
    ];
    const now = compliance({ cluster: cluster(), meetings: [], groups, year: 2024, at: '2024-08-15T12:00:00.000Z' });
    expect(now.overdueTasks.map((t) => t.taskId)).toEqual(['t1']);
    const pastYear = compliance({ cluster: cluster(), meetings: [], groups, year: 2024, at: '2025-03-01T12:00:00.000Z' });
    expect(pastYear.overdueTasks.map((t) => t.taskId)).toEqual(['t1', 't4']);
    expect(pastYear.overdueTasks[0]).toEqual({ groupId: 'ga', groupName: 'Group ga', taskId: 't1', title: 'Task t1', responsibleMemberId: 'm2', deadline: '2024-06-30' });
  });
});
