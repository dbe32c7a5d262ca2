import { clusterCommandBodies } from '../src/cluster/cluster.commands';
import { groupCommandBodies } from '../src/group/group.commands';
import { lineOfTextSchema, paragraphsOfTextSchema } from '../src/shared/primitives';
import { meetingCommandBodies } from '../src/meeting/meeting.commands';

const refusals = [
  ['a NUL', 'Spółdzielnia\u0000'],
  ['a line break', 'Rada\nKlastra'],
  ['a tab', 'Rada\tKlastra'],
  ['an escape sequence', 'Rada \u001b[31mKlastra'],
  ['a C1 control', 'Rada\u0085Klastra'],
  ['a right-to-left override (U+202E)', 'Faktura \u202Eexe.pdf'],
  ['a left-to-right embedding (U+202A)', '\u202ARada'],
  ['a right-to-left isolate (U+2067)', 'Rada \u2067Klastra\u2069'],
  ['a right-to-left mark (U+200F)', 'Rada\u200F'],
  ['an Arabic letter mark (U+061C)', 'Rada\u061C'],
  ['a line separator (U+2028)', 'Rada\u2028Klastra'],
  ['nothing but spaces', '   '],
] as const;

describe('lineOfTextSchema: names and titles people type', () => {
  const name = lineOfTextSchema(200);

  it.each([['Polish letters', 'Spółdzielnia Socjalna „Źródło” – Gdańsk'], ['an emoji with a joiner', 'Zespół 👩‍💻'], ['quotes and punctuation', 'O\'Brien & Syn (sp. z o.o.)']])('accepts %s', (_what, text) => {
    expect(name.parse(text)).toBe(text);
  });

  it.each(refusals)('refuses %s', (_what, text) => {
    expect(name.safeParse(text).success).toBe(false);
  });

  it('bounds the length, and allows an empty text only where asked', () => {
    expect(name.safeParse('a'.repeat(200)).success).toBe(true);
    expect(name.safeParse('a'.repeat(201)).success).toBe(false);
    expect(name.safeParse('').success).toBe(false);
    expect(lineOfTextSchema(10, { min: 0 }).safeParse('').success).toBe(true);
  });

  it('in paragraphs, line breaks and tabs are welcome; other controls and bidi characters are not', () => {
    const motion = paragraphsOfTextSchema(1_000);
    expect(motion.safeParse('Uchwała nr 1\n\n§ 1.\tPrzyjmuje się…').success).toBe(true);
    expect(motion.safeParse('Uchwała \u202Enr 1').success).toBe(false);
    expect(motion.safeParse('Uchwała\u0000').success).toBe(false);
  });
});

describe('the request bodies apply it', () => {
  const founding = (patch: (body: any) => void) => {
    const body: any = {
      clusterId: 'kl',
      name: 'Klaster',
      foundedOn: '2024-01-10',
      coordinatorMemberId: 'm1',
      foundingMembers: [{ memberId: 'm1', organisation: { name: 'Org', sector: 'business' }, representative: { personId: 'p1', role: 'Prezes' } }],
      agreement: { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text: 'Współpraca.\nWszędzie.' }] },
    };
    patch(body);
    return clusterCommandBodies.FoundCluster.safeParse(body);
  };

  it('founding a cluster: its name, organisations, roles, section marks and titles, and the charter’s body names', () => {
    expect(founding(() => {}).success).toBe(true);
    const cases: [string, (b: any) => void, (string | number)[]][] = [
      ['name', (b) => (b.name = 'Klaster\u202E'), ['name']],
      ['organisation', (b) => (b.foundingMembers[0].organisation.name = 'Org\u2066x'), ['foundingMembers', 0, 'organisation', 'name']],
      ['role', (b) => (b.foundingMembers[0].representative.role = 'Pre\nzes'), ['foundingMembers', 0, 'representative', 'role']],
      ['section title', (b) => (b.agreement.sections[0].title = 'Cel\u0007'), ['agreement', 'sections', 0, 'title']],
      ['section mark', (b) => (b.agreement.sections[0].number = '§ 1'.repeat(10)), ['agreement', 'sections', 0, 'number']],
      ['body name too long', (b) => (b.charter = { ...clusterCommandBodies.FoundCluster.parse({ ...founding(() => {}).data }).charter, bodies: { council: 'R'.repeat(10_000), generalMeeting: 'Z', coordinator: 'K', workingGroup: 'G' } }), ['charter', 'bodies', 'council']],
      ['body name with a bidi override', (b) => (b.charter = { ...clusterCommandBodies.FoundCluster.parse({ ...founding(() => {}).data }).charter, bodies: { council: 'Rada\u202D', generalMeeting: 'Z', coordinator: 'K', workingGroup: 'G' } }), ['charter', 'bodies', 'council']],
    ];
    for (const [what, patch, path] of cases) {
      const result = founding(patch);
      expect({ what, success: result.success }).toEqual({ what, success: false });
      expect(result.error!.issues.map((i) => i.path)).toContainEqual(path);
    }
    // The text of a section is prose: its line breaks are kept.
    expect(founding(() => {}).data!.agreement.sections[0].text).toBe('Współpraca.\nWszędzie.');
  });

  it('a meeting’s title, place and agenda, a motion; a group’s name and a task’s title', () => {
    const convene = { meetingId: 'mt', kind: 'council', title: 'Rada', scheduledFor: '2024-03-14T10:00:00.000Z', venue: { mode: 'in_person', place: 'Olsztyn' }, agenda: [{ itemId: 'a1', title: 'Uchwały' }] };
    expect(meetingCommandBodies.ConveneMeeting.safeParse(convene).success).toBe(true);
    expect(meetingCommandBodies.ConveneMeeting.safeParse({ ...convene, title: 'Rada\r\n' }).success).toBe(false);
    expect(meetingCommandBodies.ConveneMeeting.safeParse({ ...convene, venue: { mode: 'in_person', place: 'Ols\u202Etyn' } }).success).toBe(false);
    expect(meetingCommandBodies.AddAgendaItem.safeParse({ itemId: 'a2', title: '\u2068Sprawy\u2069' }).success).toBe(false);
    expect(meetingCommandBodies.OpenVote.safeParse({ voteId: 'v', agendaItemId: 'a1', motion: 'Uchwała\nw sprawie' }).success).toBe(true);
    expect(meetingCommandBodies.OpenVote.safeParse({ voteId: 'v', agendaItemId: 'a1', motion: 'Uchwała \u202E' }).success).toBe(false);
    expect(groupCommandBodies.RequestGroup.safeParse({ groupId: 'g', name: 'Grupa\u0000', purpose: 'x', deadline: '2024-12-31', requestedBy: { kind: 'coordinator' } }).error!.issues.map((i) => i.path)).toContainEqual(['name']);
    expect(groupCommandBodies.AddTask.safeParse({ taskId: 't', title: 'Zadanie\u2029', responsibleMemberId: 'm1', deadline: '2024-12-31' }).success).toBe(false);
  });
});
