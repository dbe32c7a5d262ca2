import { afterEach, describe, expect, it } from '@jest/globals';
import { clusterOfPath, occurrenceFor, startRecording, stopRecording } from './recording';

describe('recording the past: which commands carry the day and the document', () => {
  afterEach(() => stopRecording());

  it('finds the cluster a command addresses, by its path or its qualified id', () => {
    expect(clusterOfPath('/clusters/wm-kes/members')).toBe('wm-kes');
    expect(clusterOfPath('/meetings/wm-kes.rada-1/votes/u1/closing')).toBe('wm-kes');
    expect(clusterOfPath('/groups/wm-kes.promocja/tasks')).toBe('wm-kes');
    expect(clusterOfPath(`/elections/${encodeURIComponent('wm-kes.wybory-2016')}/rounds`)).toBe('wm-kes');
    // An unqualified id names no cluster: nothing is assumed.
    expect(clusterOfPath('/meetings/rada-1/opening')).toBeUndefined();
    expect(clusterOfPath('/people/me')).toBeUndefined();
  });

  it('adds occurredAt and reference only while recording, only to that cluster, never to invitations or the time zone', () => {
    expect(occurrenceFor('/clusters/wm-kes/members')).toBeUndefined();
    startRecording({ clusterId: 'wm-kes', occurredOn: '2016-05-12', reference: '  protokół nr 3/2016 ' });
    expect(occurrenceFor('/clusters/wm-kes/members')).toEqual({ occurredAt: '2016-05-12', reference: 'protokół nr 3/2016' });
    expect(occurrenceFor('/meetings/wm-kes.rada-1/opening')).toEqual({ occurredAt: '2016-05-12', reference: 'protokół nr 3/2016' });
    expect(occurrenceFor('/meetings/inny.rada-1/opening')).toBeUndefined();
    expect(occurrenceFor('/clusters/inny/members')).toBeUndefined();
    expect(occurrenceFor('/clusters/wm-kes/invitations')).toBeUndefined();
    expect(occurrenceFor('/clusters/wm-kes/invitations/i1/revocation')).toBeUndefined();
    expect(occurrenceFor('/clusters/wm-kes/time-zone')).toBeUndefined();
    // Without a document, only the day.
    startRecording({ clusterId: 'wm-kes', occurredOn: '2016-05-13', reference: '' });
    expect(occurrenceFor('/clusters/wm-kes/members')).toEqual({ occurredAt: '2016-05-13' });
    stopRecording();
    expect(occurrenceFor('/clusters/wm-kes/members')).toBeUndefined();
  });
});
