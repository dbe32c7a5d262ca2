import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MINIMUM_SERVER } from '../../libs/event-store/src/esdb/esdb-server';

/**
 * docker-compose.yml cannot be started here (no Docker daemon): these checks hold it to what the
 * README promises of it — pinned images, nothing published beyond 127.0.0.1, restarts, and a
 * horizontal profile whose instances really share what they must.
 */
const root = join(__dirname, '../..');
interface Service {
  image?: string;
  build?: string;
  restart?: string;
  profiles?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
}
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = Object.entries(compose.services);
const inProfile = (profile: string) => services.filter(([, s]) => s.profiles?.includes(profile));

describe('docker-compose.yml', () => {
  it('pins every image to a full version, EventStoreDB to one the adapter accepts', () => {
    // A release, not a moving tag (latest, 24.10): PostgreSQL numbers its releases major.minor.
    for (const [name, s] of services.filter(([, s]) => s.image)) expect([name, s.image]).toEqual([name, expect.stringMatching(/:\d+\.\d+(\.\d+)?(-[a-z]+)?$/)]);
    const esdb = services.filter(([, s]) => s.image?.startsWith('eventstore/'));
    expect(esdb.length).toBe(4);
    for (const [, s] of esdb) {
      expect(s.image).toMatch(/:\d+\.\d+\.\d+-/);
      const [major, minor] = /:(\d+)\.(\d+)\./.exec(s.image!)!.slice(1).map(Number);
      expect(major * 100 + minor).toBeGreaterThanOrEqual(MINIMUM_SERVER.major * 100 + MINIMUM_SERVER.minor);
    }
  });

  it('publishes ports on 127.0.0.1 only, and restarts every service', () => {
    for (const [name, s] of services) {
      expect([name, s.restart]).toEqual([name, 'unless-stopped']);
      for (const port of s.ports ?? []) expect([name, port]).toEqual([name, expect.stringMatching(/^127\.0\.0\.1:\d+:\d+$/)]);
    }
  });

  it('the horizontal profile: two server instances on the three-node cluster, sharing the token secret and DATABASE_URL, each its own data folder', () => {
    const instances = inProfile('horizontal').filter(([, s]) => s.build === '.');
    expect(instances.map(([name]) => name)).toEqual(['klaster-a', 'klaster-b']);
    const [a, b] = instances.map(([, s]) => s);
    for (const variable of ['EVENTSTORE_CONNECTION_STRING', 'JWT_SECRET', 'DATABASE_URL']) {
      expect(a.environment![variable]).toBeTruthy();
      expect(b.environment![variable]).toBe(a.environment![variable]);
    }
    expect(a.environment!.EVENTSTORE_CONNECTION_STRING).toMatch(/esdb-node1:2113,esdb-node2:2113,esdb-node3:2113/);
    expect(inProfile('horizontal').map(([name]) => name)).toEqual(expect.arrayContaining(['esdb-node1', 'esdb-node2', 'esdb-node3', 'postgres', 'load-balancer']));
    expect(a.volumes).not.toEqual(b.volumes);
    // Neither instance is reachable but through the load balancer.
    expect(a.ports ?? []).toEqual([]);
    expect(b.ports ?? []).toEqual([]);
  });

  it('balances with HAProxy over both instances, sticky by cookie, with websockets kept open', () => {
    const lb = compose.services['load-balancer'];
    expect(lb.image).toMatch(/^haproxy:/);
    const config = readFileSync(join(root, 'deploy/haproxy/haproxy.cfg'), 'utf8');
    expect(config).toMatch(/^\s*cookie \S+ insert/m);
    expect(config).toMatch(/^\s*timeout tunnel /m);
    expect(config).toMatch(/^\s*option httpchk GET \/health/m);
    for (const name of ['klaster-a', 'klaster-b']) expect(config).toMatch(new RegExp(`^\\s*server \\S+ ${name}:3000 check cookie \\S+`, 'm'));
  });

  it('ships the CLI in the server image', () => {
    expect(readFileSync(join(root, 'apps/server/tsconfig.app.json'), 'utf8')).toContain('"../cli/src/**/*"');
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toMatch(/exec node \/app\/dist\/apps\/cli\/src\/main\.js "\$@"/);
  });
});
