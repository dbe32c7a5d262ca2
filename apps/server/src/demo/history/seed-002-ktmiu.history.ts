import { agreementTextHash, agreementTextSchema } from '@klaster/domain';
import { HistoryFile, polishDate } from './history-file';

/**
 * Seed 002: the Klaster Turystyki Medycznej i Uzdrowiskowej, founded on 1 July 2013 by the
 * Kujawsko-Pomorska Organizacja Pracodawców Lewiatan (its leader). The city of Toruń joined it as an
 * honorary member on 23 February 2015; the general meeting of 2016 elected the leader for a new term.
 * The organisations are those the source names; the people representing them are invented.
 */
const CLUSTER = 'ktmiu';
const LEADER = 'lewiatan';
type Member = [memberId: string, name: string, sector: 'business' | 'business_support' | 'research_university' | 'local_government', personId: string, role: string];
const founders: Member[] = [
  ['lewiatan', 'Kujawsko-Pomorska Organizacja Pracodawców Lewiatan', 'business_support', 'maria-karwowska', 'Prezes Zarządu'],
  ['citomed', 'Lecznice Citomed sp. z o.o.', 'business', 'adam-citowski', 'Prezes Zarządu'],
  ['eskulap', 'Eskulap Bis s.c. E. Molska, S. Molski', 'business', 'ewa-molska', 'Wspólnik'],
  ['amimed', 'NZOZ Amimed H. Kuliński', 'business', 'henryk-kulinski', 'Właściciel'],
  ['nowak-nowak', 'Prywatna Specjalistyczna Przychodnia Lekarska Nowak&Nowak', 'business', 'jerzy-nowak', 'Właściciel'],
  ['szpital-kopernika', 'Specjalistyczny Szpital Miejski im. M. Kopernika', 'business', 'irena-szpitalna', 'Dyrektor'],
  ['ciechocinek', 'Przedsiębiorstwo Uzdrowisko Ciechocinek', 'business', 'robert-zdrojowy', 'Prezes Zarządu'],
  ['przy-tezni', 'Sanatorium Uzdrowiskowe „Przy Tężni”', 'business', 'beata-teznia', 'Dyrektor'],
  ['umk', 'Uniwersytet Mikołaja Kopernika w Toruniu', 'research_university', 'piotr-kopernikanski', 'Prorektor'],
  ['wsg', 'Wyższa Szkoła Gospodarki w Bydgoszczy', 'research_university', 'lidia-gospodarska', 'Prorektor'],
];
/** Admitted on 12 March 2014, by the leader (the agreement lets the leader admit members). */
const admitted: Member[] = [
  ['inowroclaw', 'Miasto Inowrocław', 'local_government', 'ryszard-solanka', 'Prezydent Miasta'],
  ['wsb', 'Wyższa Szkoła Bankowa w Toruniu', 'research_university', 'karol-bankowy', 'Kanclerz'],
];
const TORUN: Member = ['torun', 'Gmina Miasta Toruń', 'local_government', 'michal-zaleski', 'Prezydent Miasta Torunia'];

export const SEED_002_CLUSTER_ID = CLUSTER;
export const SEED_002_COORDINATOR = { memberId: LEADER, personId: 'maria-karwowska' };

const agreement = {
  title: 'Porozumienie o współpracy w ramach Klastra Turystyki Medycznej i Uzdrowiskowej',
  sections: [
    { number: '§ 1', title: 'Cel', text: 'Celem Klastra jest rozwój branży zdrowotnej regionu kujawsko-pomorskiego: turystyki medycznej, uzdrowiskowej i rekreacyjnej.' },
    { number: '§ 2', title: 'Członkowie', text: '1. Klaster jest dobrowolnym porozumieniem przedsiębiorstw, organizacji badawczych, instytucji otoczenia biznesu, uczelni i innych zainteresowanych podmiotów. 2. Nowych członków przyjmuje Lider Klastra. 3. Członkowie honorowi uczestniczą w Ogólnym Zebraniu Członków bez prawa głosu.' },
    { number: '§ 3', title: 'Lider Klastra', text: 'Liderem Klastra jest Kujawsko-Pomorska Organizacja Pracodawców Lewiatan, która prowadzi obsługę organizacyjną, administracyjną i finansową Klastra. Lidera wybiera Ogólne Zebranie Członków na trzyletnią kadencję.' },
    { number: '§ 4', title: 'Zmiany', text: 'Zmiany Porozumienia wymagają formy pisemnej i uchwały Ogólnego Zebrania Członków.' },
  ],
};
const asMember = ([memberId, name, sector, personId, role]: Member) => ({ memberId, organisation: { name, sector }, representative: { personId, role } });

/** The history as a file of acts, 2013–2016. */
export function seed002History(): string {
  const h = new HistoryFile('Europe/Warsaw');
  const textHash = agreementTextHash(agreementTextSchema.parse(agreement));
  const FOUNDING = 'Porozumienie o współpracy z 01.07.2013';
  h.act('FoundCluster', {}, { clusterId: CLUSTER, name: 'Klaster Turystyki Medycznej i Uzdrowiskowej', foundedOn: '2013-07-01', coordinatorMemberId: LEADER, foundingMembers: founders.map(asMember), agreement, occurredAt: '2013-07-01', reference: FOUNDING });
  for (const [memberId] of founders) h.act('SignAgreement', { clusterId: CLUSTER, memberId }, { textHash, occurredAt: '2013-07-01', reference: FOUNDING });
  for (const m of admitted) {
    const ref = `Deklaracja przystąpienia ${m[1]} z 12.03.2014`;
    h.act('AdmitMember', { clusterId: CLUSTER }, { ...asMember(m), admittedOn: '2014-03-12', occurredAt: '2014-03-12', reference: ref });
    h.act('SignAgreement', { clusterId: CLUSTER, memberId: m[0] }, { textHash, occurredAt: '2014-03-12', reference: ref });
  }
  const TORUN_REF = 'Porozumienie o współpracy Gminy Miasta Toruń z Klastrem z 23.02.2015';
  h.act('AdmitMember', { clusterId: CLUSTER }, { ...asMember(TORUN), kind: 'honorary', admittedOn: '2015-02-23', occurredAt: '2015-02-23', reference: TORUN_REF });
  h.act('SignAgreement', { clusterId: CLUSTER, memberId: TORUN[0] }, { textHash, occurredAt: '2015-02-23', reference: TORUN_REF });

  const voting = [...founders, ...admitted].map(([memberId]) => memberId);
  /** Convenes, opens and records who came; Toruń attends general meetings without a vote. */
  function openGeneralMeeting(meetingId: string, day: string, convenedOn: string, nr: string, present: string[]) {
    const mt = `${CLUSTER}.${meetingId}`;
    h.act('ConveneMeeting', { clusterId: CLUSTER }, { meetingId, kind: 'general', title: `Ogólne Zebranie Członków ${day.slice(0, 4)}`, scheduledFor: h.local(day, '11:00'), venue: { mode: 'in_person', place: 'Toruń, Dwór Artusa' }, agenda: [{ itemId: 'uchwaly', title: 'Podjęcie uchwał' }, { itemId: 'wybory', title: 'Wybór Lidera Klastra' }], occurredAt: convenedOn, reference: `Zawiadomienie o zwołaniu z ${polishDate(convenedOn)}` });
    h.act('OpenMeeting', { meetingId: mt }, { occurredAt: h.local(day, '11:00'), reference: `Protokół nr ${nr}` });
    for (const memberId of present) h.act('RecordAttendance', { meetingId: mt }, { memberId, presence: 'in_person', occurredAt: h.local(day, '11:05'), reference: `Lista obecności do protokołu nr ${nr}` });
    return mt;
  }

  // 2015: the first general meeting with Toruń present; its resolutions entered from the minutes.
  const gm2015 = openGeneralMeeting('ozc-2015', '2015-06-18', '2015-05-28', '1/2015', [...voting.slice(0, 10), 'torun']);
  const minutes2015 = 'Protokół nr 1/2015';
  const countsOnly = (mt: string, voteId: string, motion: string, counts: object, day: string, time: string, minutes: string) => {
    h.act('OpenVote', { meetingId: mt }, { voteId, agendaItemId: 'uchwaly', motion, secrecy: 'named', decisionKind: 'ordinary_resolution', subject: { kind: 'general' }, occurredAt: h.local(day, time), reference: minutes });
    h.act('RecordVoteCounts', { meetingId: mt, voteId }, { counts, minutes, occurredAt: h.local(day, time), reference: minutes });
  };
  countsOnly(gm2015, 'kongres', 'Organizacja Kongresu Turystyki Medycznej w Toruniu w 2016 r.', { yes: 9, no: 0, abstain: 1, present: 10 }, '2015-06-18', '11:30', minutes2015);
  countsOnly(gm2015, 'oferta', 'Wspólna oferta pakietów uzdrowiskowych dla pacjentów zagranicznych', { yes: 8, no: 1, abstain: 1, present: 10 }, '2015-06-18', '11:50', minutes2015);
  h.act('CloseMeeting', { meetingId: gm2015 }, { occurredAt: h.local('2015-06-18', '13:00'), reference: minutes2015 });

  // 2016: the leader's three-year term ends; the general meeting elects the leader, ballot by ballot.
  const present2016 = [...voting, 'torun'];
  const gm2016 = openGeneralMeeting('ozc-2016', '2016-06-30', '2016-06-09', '1/2016', present2016);
  const minutes2016 = 'Protokół nr 1/2016';
  const at = (time: string) => ({ occurredAt: h.local('2016-06-30', time), reference: minutes2016 });
  countsOnly(gm2016, 'sprawozdanie-kongres', 'Przyjęcie informacji o Kongresie Turystyki Medycznej 2016', { yes: 12, no: 0, abstain: 0, present: 12 }, '2016-06-30', '11:20', minutes2016);
  const election = `${CLUSTER}.lider-2016`;
  h.act('CallElection', { clusterId: CLUSTER }, { electionId: 'lider-2016', meetingId: 'ozc-2016', reason: 'Upływ trzyletniej kadencji Lidera Klastra (§ 3 Porozumienia)', ...at('11:40') });
  for (const [candidate, nominated, accepted] of [['lewiatan', '11:45', '11:46'], ['umk', '11:48', '11:50']]) {
    h.act('NominateCandidate', { electionId: election }, { memberId: candidate, ...at(nominated) });
    h.act('AcceptNomination', { electionId: election, memberId: candidate }, at(accepted));
  }
  h.act('OpenRound', { electionId: election }, at('12:00'));
  const forUmk = ['umk', 'wsg', 'wsb'];
  for (const memberId of voting) h.act('CastElectionBallot', { electionId: election }, { memberId, candidateMemberId: memberId === 'citomed' ? null : forUmk.includes(memberId) ? 'umk' : 'lewiatan', ...at('12:05') });
  h.act('CloseRound', { electionId: election }, at('12:20'));
  h.act('CloseMeeting', { meetingId: gm2016 }, at('13:00'));
  return h.text();
}

