import { Rejection } from '../src/shared/rejection';
import { agreementTextSchema } from '../src/cluster/agreement-text';
import { charterSchema, defaultCharter } from '../src/cluster/charter';
import { choiceSchema, parseMeetingEvent, presenceSchema, venueSchema, agendaItemSchema } from '../src/meeting/meeting.events';
import { clusterCommandBodies } from '../src/cluster/cluster.commands';
import { clusterDecider } from '../src/cluster/cluster.decider';
import { electionDecider } from '../src/election/election.decider';
import { evaluateQuorum } from '../src/meeting/voting-rules';
import { groupCommandBodies } from '../src/group/group.commands';
import { groupDecider } from '../src/group/group.decider';
import { idSchema, isoInstantSchema } from '../src/shared/primitives';
import { meetingDecider } from '../src/meeting/meeting.decider';
import { parseClusterEvent } from '../src/cluster/cluster.events';
import { parseElectionEvent } from '../src/election/election.events';
import { parseGroupEvent } from '../src/group/group.events';
import { parseResolutionRegisterEvent, resolutionRegisterDecider, resolutionRegisterStreamId } from '../src/meeting/resolution-register';
import { upcast } from '../src/shared/upcast';
import type { ResolutionFacts } from '../src/meeting/resolution-facts';
import { requireResolution } from '../src/cluster/resolution-rules';

/** What everything else stands on: initial states, parsing, upcasting, quorum edges, the register, and the schemas' limits. */
describe('foundations', () => {
  describe('initial states (what a stream never written folds to)', () => {
    it('are empty and not there', () => {
      expect(clusterDecider.initialState()).toMatchObject({ founded: false, clusterId: '', name: '', foundedOn: '', coordinatorMemberId: '', members: {} });
      expect(meetingDecider.initialState()).toMatchObject({ exists: false, meetingId: '', clusterId: '', title: '', scheduledFor: '', minutes: { version: 0, text: '', status: 'none' } });
      expect(groupDecider.initialState()).toMatchObject({ exists: false, groupId: '', clusterId: '', name: '', purpose: '', deadline: '', requestedAt: '', memberships: [], active: false });
      expect(electionDecider.initialState()).toMatchObject({ exists: false, electionId: '', clusterId: '', meetingId: '', reason: '', weightedVoting: false, calledBy: '', calledAt: '', status: 'nominating' });
      expect(resolutionRegisterDecider.initialState()).toEqual([]);
    });
  });

  describe('parsing stored events', () => {
    it.each([
      ['cluster', parseClusterEvent],
      ['meeting', parseMeetingEvent],
      ['group', parseGroupEvent],
      ['election', parseElectionEvent],
    ] as const)('refuses an unknown %s event type by name', (what, parse) => {
      expect(() => parse('NoSuchEvent', {})).toThrow(new RegExp(`^Unknown ${what} event type 'NoSuchEvent'$`));
      // Inherited object keys are no event types.
      expect(() => parse('toString', {})).toThrow(/Unknown/);
    });

    it('reads a known election event and checks its data', () => {
      const data = { memberId: 'm2', nominatedBy: 'p3', at: '2024-03-14T10:00:00.000Z' };
      expect(parseElectionEvent('CandidateNominated', data)).toEqual({ type: 'CandidateNominated', data });
      expect(() => parseElectionEvent('CandidateNominated', { ...data, memberId: '' })).toThrow();
    });

    it('refuses anything but a resolution number in the register', () => {
      expect(() => parseResolutionRegisterEvent('Other', {})).toThrow(/^Unknown resolution register event 'Other'$/);
      expect(resolutionRegisterStreamId('wm-kes')).toBe('resolutions-wm-kes');
    });
  });

  describe('upcasting', () => {
    it('refuses a schema version that is not a positive integer', () => {
      for (const version of [0, -1, 1.5]) expect(() => upcast('MemberAdmitted', version, {})).toThrow(new RegExp(`^Event MemberAdmitted has an invalid schema version ${version}$`));
    });

    it('leaves data that is not an object as it is', () => {
      expect(upcast('MemberAdmitted', 1, null)).toBeNull();
      expect(upcast('MemberAdmitted', 1, 'text')).toBe('text');
      const list = [1, 2];
      expect(upcast('MemberAdmitted', 1, list)).toBe(list);
    });
  });

  describe('quorum', () => {
    const voters = (n: number, weight = 1) => Array.from({ length: n }, (_, i) => ({ memberId: `m${i + 1}`, weight }));
    it('is never reached with nobody entitled', () => {
      expect(evaluateQuorum({ kind: 'fraction_of_members', fraction: 0.5 }, [], new Set())).toMatchObject({ entitled: 0, present: 0, reached: false });
      expect(evaluateQuorum({ kind: 'none' }, [], new Set()).reached).toBe(true);
    });

    it('is reached at exactly the fraction, of members or of weight', () => {
      expect(evaluateQuorum({ kind: 'fraction_of_members', fraction: 0.5 }, voters(4), new Set(['m1', 'm2'])).reached).toBe(true);
      expect(evaluateQuorum({ kind: 'fraction_of_members', fraction: 0.5 }, voters(4), new Set(['m1'])).reached).toBe(false);
      expect(evaluateQuorum({ kind: 'fraction_of_weight', fraction: 0.5 }, [{ memberId: 'big', weight: 3 }, ...voters(3)], new Set(['big']))).toMatchObject({ entitled: 6, present: 3, reached: true });
    });
  });

  describe('the resolution register', () => {
    const assigned = (body: string, year: number, sequence: number, voteId: string) => ({
      type: 'ResolutionNumberAssigned' as const,
      data: { body, year, sequence, number: `${sequence}/${year}`, meetingId: 'mt', voteId },
    });
    it('counts only the same body in the same year', () => {
      const state = [assigned('council', 2024, 1, 'a'), assigned('council', 2024, 2, 'b'), assigned('general_meeting', 2024, 1, 'c'), assigned('council', 2023, 1, 'd')].reduce(resolutionRegisterDecider.evolve, resolutionRegisterDecider.initialState());
      expect(resolutionRegisterDecider.decide({ type: 'AssignResolutionNumber', body: 'council', year: 2024, meetingId: 'mt', voteId: 'e' }, state)).toEqual([assigned('council', 2024, 3, 'e')]);
      expect(resolutionRegisterDecider.decide({ type: 'AssignResolutionNumber', body: 'general_meeting', year: 2024, meetingId: 'mt', voteId: 'f' }, state)).toEqual([assigned('general_meeting', 2024, 2, 'f')]);
      // The same vote of another meeting is another resolution.
      expect(resolutionRegisterDecider.decide({ type: 'AssignResolutionNumber', body: 'council', year: 2024, meetingId: 'mt2', voteId: 'a' }, state)).toHaveLength(1);
    });

    it('gives a vote the number it already has no second one (a retried close)', () => {
      const state = [assigned('council', 2024, 1, 'a')].reduce(resolutionRegisterDecider.evolve, resolutionRegisterDecider.initialState());
      expect(resolutionRegisterDecider.decide({ type: 'AssignResolutionNumber', body: 'council', year: 2024, meetingId: 'mt', voteId: 'a' }, state)).toEqual([]);
    });
  });

  describe('the resolution an act rests on', () => {
    const facts = (over: Partial<ResolutionFacts> = {}): ResolutionFacts => ({
      meetingId: 'm', voteId: 'v', meetingKind: 'general', decisionKind: 'absolution', subject: { kind: 'absolution', year: 2023 }, outcome: 'adopted',
      resolution: { number: '4/2024', body: 'general_meeting', sequence: 4, year: 2024 }, charterVersion: 1, ...over,
    });
    const expected = { decisionKind: 'absolution' as const, generalMeeting: true, subject: { year: 2023, kind: 'absolution' } as never };

    it('matches the subject whatever the order of its fields', () => {
      expect(requireResolution(facts(), expected)).toEqual(facts());
    });

    it('names the meeting and the kinds that do not fit', () => {
      expect(() => requireResolution(facts({ meetingKind: 'working_group' }), expected)).toThrow(/^Only a resolution of the general meeting decides this; 4\/2024 was taken by a working group meeting$/);
      expect(() => requireResolution(facts({ decisionKind: 'action_plan' }), expected)).toThrow(/^Resolution 4\/2024 was a action plan vote, not a absolution vote$/);
      expect(requireResolution(facts({ meetingKind: 'council' }), { ...expected, generalMeeting: false })).toMatchObject({ meetingKind: 'council' });
    });
  });

  it('calls a refusal a Rejection', () => {
    const r = new Rejection('conflict', 'x');
    expect(r.name).toBe('Rejection');
    expect(String(r)).toBe('Rejection: x');
  });

  describe('schema limits', () => {
    const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) => expect({ value, ok: schema.safeParse(value).success }).toEqual({ value, ok: true });
    const no = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) => expect({ value, ok: schema.safeParse(value).success }).toEqual({ value, ok: false });

    it('agreement text: title 1–500, 1–200 sections, § number 1–20, section title up to 300 (default empty), text 1–100,000', () => {
      const section = { number: '§ 1', title: 'T', text: 'x' };
      ok(agreementTextSchema, { title: 'x'.repeat(500), sections: [section] });
      no(agreementTextSchema, { title: 'x'.repeat(501), sections: [section] });
      no(agreementTextSchema, { title: '', sections: [section] });
      ok(agreementTextSchema, { title: 'T', sections: Array(200).fill(section) });
      no(agreementTextSchema, { title: 'T', sections: Array(201).fill(section) });
      no(agreementTextSchema, { title: 'T', sections: [] });
      ok(agreementTextSchema, { title: 'T', sections: [{ ...section, number: 'x'.repeat(20), title: 'y'.repeat(300), text: 'z'.repeat(100_000) }] });
      no(agreementTextSchema, { title: 'T', sections: [{ ...section, number: 'x'.repeat(21) }] });
      no(agreementTextSchema, { title: 'T', sections: [{ ...section, number: '' }] });
      no(agreementTextSchema, { title: 'T', sections: [{ ...section, title: 'y'.repeat(301) }] });
      no(agreementTextSchema, { title: 'T', sections: [{ ...section, text: 'z'.repeat(100_001) }] });
      no(agreementTextSchema, { title: 'T', sections: [{ ...section, text: '' }] });
      expect(agreementTextSchema.parse({ title: 'T', sections: [{ number: '§ 1', text: 'x' }] }).sections[0].title).toBe('');
    });

    it('charter: quorum fractions in (0, 1], body names not empty, council interval 1–24 months, group size 1–100', () => {
      const charter = (over: object) => ({ ...defaultCharter, ...over });
      const rules = (quorum: object) => charter({ decisionRules: { ...defaultCharter.decisionRules, ordinary_resolution: { quorum, majority: 'simple' } } });
      ok(charterSchema, rules({ kind: 'fraction_of_members', fraction: 1 }));
      no(charterSchema, rules({ kind: 'fraction_of_members', fraction: 1.01 }));
      no(charterSchema, rules({ kind: 'fraction_of_members', fraction: 0 }));
      no(charterSchema, rules({ kind: 'fraction_of_weight', fraction: 1.5 }));
      ok(charterSchema, rules({ kind: 'fraction_of_weight', fraction: 0.34 }));
      for (const body of ['council', 'generalMeeting', 'coordinator', 'workingGroup']) {
        no(charterSchema, charter({ bodies: { ...defaultCharter.bodies, [body]: '' } }));
        ok(charterSchema, charter({ bodies: { ...defaultCharter.bodies, [body]: 'Organ o długiej nazwie' } }));
      }
      for (const [field, min, max] of [['councilMeetingIntervalMonths', 1, 24], ['minimumGroupSize', 1, 100]] as const) {
        ok(charterSchema, charter({ [field]: min }));
        ok(charterSchema, charter({ [field]: max }));
        no(charterSchema, charter({ [field]: min - 1 }));
        no(charterSchema, charter({ [field]: max + 1 }));
      }
      expect(defaultCharter.bodies).toEqual({ council: 'Rada Klastra', generalMeeting: 'Ogólne Zebranie Członków', coordinator: 'Koordynator Klastra', workingGroup: 'Grupa Robocza' });
    });

    it('ids: a letter or digit first, then letters, digits and _ . : -', () => {
      for (const id of ['a', 'wm-kes', 'Rada_2024.1:a']) ok(idSchema, id);
      for (const id of ['', '-a', 'a b', 'ą', 'a/b', ' a']) no(idSchema, id);
    });

    it('instants carry an offset; a sha256 is 64 lowercase hex digits', () => {
      ok(isoInstantSchema, '2024-03-14T10:00:00.000Z');
      ok(isoInstantSchema, '2024-03-14T10:00:00+01:00');
      no(isoInstantSchema, '2024-03-14');
      const sign = clusterCommandBodies.SignAgreement;
      ok(sign, { textHash: 'a'.repeat(64) });
      for (const hash of ['a'.repeat(63), 'a'.repeat(65), 'A'.repeat(64), `g${'a'.repeat(63)}`, `x${'a'.repeat(64)}`, `${'a'.repeat(64)}x`]) no(sign, { textHash: hash });
    });

    it('a member: weight up to 1,000 (default 1), an organisation with a name of 1–300', () => {
      const member = { memberId: 'm9', organisation: { name: 'N', sector: 'business' }, representative: { personId: 'p9', role: 'Prezes' }, admittedOn: '2024-01-01' };
      expect(clusterCommandBodies.AdmitMember.parse(member).votingWeight).toBe(1);
      ok(clusterCommandBodies.AdmitMember, { ...member, votingWeight: 1_000 });
      no(clusterCommandBodies.AdmitMember, { ...member, votingWeight: 1_001 });
      no(clusterCommandBodies.AdmitMember, { ...member, organisation: { name: '', sector: 'business' } });
      no(clusterCommandBodies.AdmitMember, { ...member, organisation: { name: 'x'.repeat(301), sector: 'business' } });
      no(clusterCommandBodies.AdmitMember, { ...member, organisation: { sector: 'business' } });
    });

    it('section changes: a § named, a title up to 300 (an added one defaults to empty), a text of 1–100,000', () => {
      const propose = clusterCommandBodies.ProposeAmendment;
      const base = { amendmentId: 'a1', memberId: 'm2', rationale: 'r' };
      ok(propose, { ...base, change: { kind: 'replace', section: '§ 1', title: 'x'.repeat(300), text: 'y'.repeat(100_000) } });
      ok(propose, { ...base, change: { kind: 'remove', section: '§ 1' } });
      for (const change of [
        { kind: 'replace', section: '', text: 'x' },
        { kind: 'replace', section: '§ 1', title: 'x'.repeat(301), text: 'x' },
        { kind: 'replace', section: '§ 1', text: '' },
        { kind: 'replace', section: '§ 1', text: 'y'.repeat(100_001) },
        { kind: 'add', section: '', text: 'x' },
        { kind: 'add', section: '§ 3', title: 'x'.repeat(301), text: 'x' },
        { kind: 'add', section: '§ 3', text: 'y'.repeat(100_001) },
        { kind: 'remove', section: '' },
      ]) no(propose, { ...base, change });
      expect((propose.parse({ ...base, change: { kind: 'add', section: '§ 3', text: 'x' } }).change as { title: string }).title).toBe('');
    });

    it('meetings: choices, presences and venue modes as listed; a place up to 300; an agenda title of 1–500', () => {
      for (const c of ['yes', 'no', 'abstain']) ok(choiceSchema, c);
      no(choiceSchema, 'maybe');
      for (const p of ['in_person', 'online', 'left']) ok(presenceSchema, p);
      no(presenceSchema, 'away');
      for (const mode of ['in_person', 'online', 'hybrid']) ok(venueSchema, { mode, place: 'x'.repeat(300) });
      no(venueSchema, { mode: 'in_person', place: 'x'.repeat(301) });
      no(venueSchema, { mode: 'teleport' });
      no(venueSchema, {});
      ok(agendaItemSchema, { itemId: 'a1', title: 'x'.repeat(500) });
      no(agendaItemSchema, { itemId: 'a1', title: 'x'.repeat(501) });
      no(agendaItemSchema, { itemId: 'a1', title: '' });
    });

    it('groups: 1–500 requesting members, a resolution number of 1–50, member counts from 0', () => {
      const request = (requestedBy: object) => ({ groupId: 'g1', name: 'G', purpose: 'P', deadline: '2030-01-01', requestedBy });
      const schema = groupCommandBodies.RequestGroup;
      ok(schema, request({ kind: 'members', memberIds: Array.from({ length: 500 }, (_, i) => `m${i}`) }));
      no(schema, request({ kind: 'members', memberIds: Array.from({ length: 501 }, (_, i) => `m${i}`) }));
      no(schema, request({ kind: 'members', memberIds: [] }));
      ok(schema, request({ kind: 'council_resolution', resolution: { meetingId: 'r', voteId: 'v', number: 'x'.repeat(50) } }));
      no(schema, request({ kind: 'council_resolution', resolution: { meetingId: 'r', voteId: 'v', number: 'x'.repeat(51) } }));
      no(schema, request({ kind: 'council_resolution', resolution: { meetingId: 'r', voteId: 'v', number: '' } }));
      no(schema, request({ kind: 'council_resolution', resolution: {} }));
      expect(() => parseGroupEvent('GroupBecameActive', { memberCount: 0, minimumGroupSize: 1, at: '2024-01-01T00:00:00.000Z' })).not.toThrow();
      expect(() => parseGroupEvent('GroupBecameActive', { memberCount: -1, minimumGroupSize: 1, at: '2024-01-01T00:00:00.000Z' })).toThrow();
      expect(() => parseGroupEvent('GroupBecameActive', { memberCount: 3, minimumGroupSize: 0, at: '2024-01-01T00:00:00.000Z' })).toThrow();
    });

    it('a resolution reference in an event carries its number, body, sequence and year', () => {
      expect(() => parseMeetingEvent('MinutesApproved', { version: 1, voteId: 'v1', resolution: {} })).toThrow();
      expect(() => parseMeetingEvent('MinutesApproved', { version: 1, voteId: 'v1', resolution: { number: '1/2024', body: 'council', sequence: 1, year: 2024 } })).not.toThrow();
    });
  });
});
