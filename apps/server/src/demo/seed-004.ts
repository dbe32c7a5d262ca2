import type { z } from 'zod';
import type { clusterCommandBodies } from '@klaster/domain';

/**
 * The Warmińsko-Mazurski Klaster Ekonomii Społecznej, concluded on 21 November 2014 by 19 signatories
 * (seed 004). The organisations are the real signatories; the people representing them are invented
 * for the demo (the source lists organisations only).
 */
type Sector = 'social_economy' | 'local_government' | 'business_support';
const signatories: [string, string, Sector, string, string][] = [
  ['apropos', '„APROPO’S” Wielobranżowa Spółdzielnia Socjalna w Olsztynie', 'social_economy', 'anna-kowalska', 'Anna Kowalska'],
  ['arka', '„ARKA” Ornecka Spółdzielnia Socjalna w Ornecie', 'social_economy', 'piotr-nowak', 'Piotr Nowak'],
  ['babiniec', '„BABINIEC” Spółdzielnia Socjalna w Ornecie', 'social_economy', 'maria-wisniewska', 'Maria Wiśniewska'],
  ['bajkowa-kraina', '„BAJKOWA KRAINA” Spółdzielnia Socjalna w Kętrzynie', 'social_economy', 'katarzyna-wojcik', 'Katarzyna Wójcik'],
  ['cwss-mops', 'Centrum Wsparcia Spółdzielczości Socjalnej przy MOPS w Olsztynie', 'local_government', 'tomasz-kaminski', 'Tomasz Kamiński'],
  ['dar', 'DAR S.A. Działdowska Agencja Rozwoju w Działdowie', 'business_support', 'jan-lewandowski', 'Jan Lewandowski'],
  ['eco-green', '„ECO GREEN RECYKLING” Spółdzielnia Socjalna w Pieckach', 'social_economy', 'agnieszka-zielinska', 'Agnieszka Zielińska'],
  ['eco-stean', '„ECO STEAN” Spółdzielnia Socjalna w Olsztynie', 'social_economy', 'krzysztof-szymanski', 'Krzysztof Szymański'],
  ['eko-free', '„EKO FREE” Spółdzielnia Socjalna w Olsztynie', 'social_economy', 'barbara-wozniak', 'Barbara Woźniak'],
  ['g-ural', '„G-URAL” Spółdzielnia Socjalna w Olsztynie', 'social_economy', 'andrzej-dabrowski', 'Andrzej Dąbrowski'],
  ['lider', '„LIDER” Spółdzielnia Socjalna w Kętrzynie', 'social_economy', 'ewa-kozlowska', 'Ewa Kozłowska'],
  ['marzenia', '„MARZENIA” Spółdzielnia Socjalna w Olsztynie', 'social_economy', 'marek-jankowski', 'Marek Jankowski'],
  ['ptaszarnia', '„PTASZARNIA” Spółdzielnia Socjalna w Olsztynie', 'social_economy', 'joanna-mazur', 'Joanna Mazur'],
  ['studio-komercja', '„STUDIO KOMERCJA” Spółdzielnia Socjalna w Olsztynie', 'social_economy', 'pawel-krawczyk', 'Paweł Krawczyk'],
  ['szansa', '„SZANSA” Olsztyńska Wielobranżowa Spółdzielnia Socjalna w Olsztynie', 'social_economy', 'magdalena-piotrowska', 'Magdalena Piotrowska'],
  ['tmb', 'TMB Spółdzielnia Socjalna w Olsztynie', 'social_economy', 'michal-grabowski', 'Michał Grabowski'],
  ['wama-coop', 'WAMA COOP, Stowarzyszenie na Rzecz Rozwoju Spółdzielczości i Przedsiębiorczości Lokalnej w Olsztynie', 'social_economy', 'elzbieta-nowakowska', 'Elżbieta Nowakowska'],
  ['warmax', '„WARMAX” Wielobranżowa Spółdzielnia Socjalna w Olsztynie', 'social_economy', 'grzegorz-pawlowski', 'Grzegorz Pawłowski'],
  ['zywa-historia', '„ŻYWA HISTORIA” Spółdzielnia Socjalna w Olsztynie', 'social_economy', 'aleksandra-michalska', 'Aleksandra Michalska'],
];

export const SEED_004_CLUSTER_ID = 'wm-kes';
export const SEED_004_COORDINATOR = { memberId: 'wama-coop', personId: 'elzbieta-nowakowska' };
export const SEED_004_AUDITORS = [{ personId: 'zofia-audytor', displayName: 'Zofia Wieczorek (audytor)' }];
/** The agreement was concluded and signed on 21 November 2014: a date, so noon in Warsaw. */
export const SEED_004_SIGNED_AT = '2014-11-21T11:00:00.000Z';

export const seed004People = [
  ...signatories.map(([, , , personId, displayName]) => ({ personId, displayName })),
  ...SEED_004_AUDITORS,
];

export const seed004Signatories = signatories.map(([memberId, , , personId]) => ({ memberId, personId }));

export const seed004Founding: z.input<(typeof clusterCommandBodies)['FoundCluster']> = {
  clusterId: SEED_004_CLUSTER_ID,
  name: 'Warmińsko-Mazurski Klaster Ekonomii Społecznej',
  foundedOn: '2014-11-21',
  coordinatorMemberId: SEED_004_COORDINATOR.memberId,
  foundingMembers: signatories.map(([memberId, name, sector, personId]) => ({
    memberId,
    organisation: { name, sector },
    kind: 'ordinary' as const,
    votingWeight: 1,
    representative: { personId, role: memberId === 'cwss-mops' ? 'Kierownik' : 'Prezes Zarządu' },
  })),
  agreement: {
    title: 'Porozumienie o współpracy w ramach Warmińsko-Mazurskiego Klastra Ekonomii Społecznej',
    sections: [
      { number: '§ 1', title: 'Cele Porozumienia Klastrowego', text: 'Głównym celem niniejszego porozumienia jest zwiększenie konkurencyjności członków Warmińsko-Mazurskiego Klastra Ekonomii Społecznej poprzez: 1. Stworzenie trwałych ram współpracy pomiędzy członkami Klastra ES. 2. Stworzenie sieci powiązań pomiędzy członkami Klastra ES a biznesem, samorządem terytorialnym, jednostkami badawczymi i naukowymi, mediami oraz instytucjami otoczenia biznesu. 3. Profesjonalizacja i podnoszenie jakości działania członków Klastra ES. 4. Wsparcie tworzenia nowych, innowacyjnych produktów i usług przez członków Klastra ES. 5. Wsparcie zwiększania skali działania członków Klastra ES. 6. Promocja działalności członków Klastra ES.' },
      { number: '§ 2', title: 'Główne obszary współpracy', text: 'Dla realizacji celów Porozumienia określonych w § 1, Strony podejmować będą działania polegające w szczególności na: realizacji wspólnych działań służących wypracowaniu strategii Klastra ES; wspieraniu współpracy gospodarczej między członkami; budowaniu partnerstwa i zapewnieniu przepływu informacji między środowiskami biznesu, nauki, mediów i polityki; przygotowaniu i uczestnictwie w krajowych i międzynarodowych przedsięwzięciach projektowych; inicjowaniu i realizacji działań promocyjnych na rzecz członków Klastra ES.' },
      { number: '§ 3', title: 'Struktura organizacyjna Klastra', text: '1. Strukturę organizacyjną Klastra ES tworzą Rada Klastra, Grupy Robocze Obszarów Funkcjonalnych, Koordynator Klastra i Członkowie. 2. Rada Klastra jest organem koordynacyjno-kontrolnym. W skład Rady Klastra wchodzi po jednym przedstawicielu każdego z Członków. Rada spotyka się w miarę potrzeb, jednak nie rzadziej niż raz na kwartał. 3. Grupy Robocze tworzone są na wniosek grupy Członków lub Rady Klastra. 4. Strony Porozumienia powierzają zadania koordynacji WAMA COOP w Olsztynie. 5. Do zadań Koordynatora należy w szczególności przyjmowanie nowych członków i prowadzenie sekretariatu klastra.' },
      { number: '§ 4', title: 'Postanowienia ogólne', text: '1. Klaster jest otwarty dla wszystkich zainteresowanych, którzy identyfikują się z celami Klastra ES. 2. Klaster nie posiada osobowości prawnej. 3. Współpraca członków odbywa się poprzez Radę Klastra, Grupy Robocze oraz realizację wspólnych projektów. 4. Porozumienie obowiązuje od daty jego zawarcia. 5. Porozumienie zawarto na czas nieokreślony z możliwością jego jednostronnego wypowiedzenia, złożonego na piśmie przez każdego z sygnatariuszy.' },
      { number: '§ 5', title: 'Postanowienia końcowe', text: '1. Niniejsze Porozumienie nie powoduje jakiegokolwiek stosunku podległości pomiędzy Członkami. 2. Porozumienie nie powoduje żadnych zobowiązań finansowych. 3. W przypadku konfliktu interesów Członkowie realizują swoje zobowiązania w sposób autonomiczny. 4. Wszystkie zmiany niniejszego porozumienia wymagają formy pisemnej. 5. Porozumienie sporządzono w jednym egzemplarzu, przechowywanym w siedzibie Koordynatora Klastra.' },
    ],
  },
};
