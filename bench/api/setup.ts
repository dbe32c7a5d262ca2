/** Sets up, through the HTTP API only, the cluster, meeting and votes the ballot benchmark needs. */
import { defaultCharter } from '@klaster/domain';
import { mintToken } from '@klaster/identity';

export const MEMBERS = 64;
export const CLUSTER_ID = 'bench';
/** Qualified by its cluster, as the server names it. */
export const MEETING_ID = `${CLUSTER_ID}.walne-bench`;

export const memberId = (i: number) => `m${i + 1}`;
export const personId = (i: number) => `p${i + 1}`;

export class Api {
  private readonly tokens = new Map<string, string>();
  constructor(
    readonly url: string,
    private readonly secret: string,
  ) {}

  async token(person: string): Promise<string> {
    let token = this.tokens.get(person);
    if (!token) this.tokens.set(person, (token = await mintToken(this.secret, person, { ttl: '24h' })));
    return token;
  }

  async call(method: string, path: string, as: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.token(as)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async command(path: string, as: string, body: unknown = {}): Promise<any> {
    const res = await this.call('POST', path, as, body);
    if (res.status !== 201) throw new Error(`POST ${path} as ${as}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

/** A cluster of 64 ordinary members m1..m64 (people p1..p64; m1 coordinates), a general meeting, all present. */
export async function foundClusterAndMeeting(api: Api): Promise<void> {
  await api.command('/api/clusters', 'p1', {
    clusterId: CLUSTER_ID,
    name: 'Klaster benchmarkowy',
    foundedOn: '2024-01-10',
    coordinatorMemberId: memberId(0),
    foundingMembers: Array.from({ length: MEMBERS }, (_, i) => ({
      memberId: memberId(i),
      organisation: { name: `Organizacja ${i + 1}`, sector: 'business' },
      representative: { personId: personId(i), role: 'Prezes' },
    })),
    agreement: { title: 'Porozumienie', sections: [{ number: '§ 1', title: 'Cel', text: 'Współpraca.' }] },
    charter: defaultCharter,
  });
  await api.command(`/api/clusters/${CLUSTER_ID}/meetings`, 'p1', {
    meetingId: MEETING_ID,
    kind: 'general',
    title: 'Ogólne Zebranie Członków (benchmark)',
    scheduledFor: '2024-03-14T10:00:00.000Z',
    venue: { mode: 'hybrid', place: 'Olsztyn', url: 'https://meet.example/k' },
    agenda: [{ itemId: 'a1', title: 'Uchwały' }],
  });
  await api.command(`/api/meetings/${MEETING_ID}/opening`, 'p1');
  for (let i = 0; i < MEMBERS; i++) {
    await api.command(`/api/meetings/${MEETING_ID}/attendance`, personId(i), { memberId: memberId(i), presence: 'in_person' });
  }
}

export const voteId = (n: number) => `v${n}`;

/** Opens votes v<from>..v<to - 1> (named, ordinary resolutions), one after another as the chair would. */
export async function openVotes(api: Api, from: number, to: number): Promise<void> {
  for (let n = from; n < to; n++) {
    await api.command(`/api/meetings/${MEETING_ID}/votes`, 'p1', { voteId: voteId(n), agendaItemId: 'a1', motion: `Uchwała nr ${n}` });
  }
}

/** Ballots the server has recorded and counts, over every vote of the meeting (read back through the API). */
export async function ballotsRecorded(api: Api): Promise<number> {
  const res = await api.call('GET', `/api/meetings/${MEETING_ID}`, 'p1');
  if (res.status !== 200) throw new Error(`GET meeting: ${res.status}`);
  return (res.body.votes as { ballotsCast: number }[]).reduce((n, v) => n + v.ballotsCast, 0);
}
