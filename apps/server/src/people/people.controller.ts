import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { z } from 'zod';
import { NAME_MAX, forbidden, idSchema, lineOfTextSchema, notFound } from '@klaster/domain';
import { PersonId } from '../auth/auth.guard';
import { ZodBody } from '../http/zod-body.pipe';
import { PeopleRegistry } from './people-registry';
import { ClusterParticipants } from './cluster-participants';
import { ReadModels } from '../projections/read-models.service';
import { readQuerySchema, type ReadQuery } from '../projections/read-query';
import type { PersonView } from '../reads/reads.views';

export const personDetailsBody = z.object({
  displayName: lineOfTextSchema(NAME_MAX),
  email: z.email().max(320).optional(),
  phone: lineOfTextSchema(40).optional(),
});

/**
 * The people registry: a person keeps their own details; the people of a cluster can read the
 * details of those who have acted in it themselves (see ClusterParticipants).
 */
@Controller('api/people')
export class PeopleController {
  constructor(
    private readonly registry: PeopleRegistry,
    private readonly participants: ClusterParticipants,
    private readonly models: ReadModels,
  ) {}

  @Put('me')
  @HttpCode(200)
  async updateMine(@PersonId() personId: string, @Body(new ZodBody(personDetailsBody)) body: z.infer<typeof personDetailsBody>): Promise<PersonView> {
    await this.registry.upsert({ personId, ...body });
    return (await this.registry.get(personId))!; // just written
  }

  @Get(':personId')
  async get(@PersonId() viewer: string, @Param('personId', new ZodBody(idSchema)) personId: string, @Query(new ZodBody(readQuerySchema)) q: ReadQuery): Promise<PersonView> {
    await this.models.reached(q.position);
    const person = this.participants.maySee(viewer, personId) ? await this.registry.get(personId) : undefined;
    if (!person) throw notFound(`No details of ${personId} that you may see`);
    return person;
  }

  /** Erasure: the details go, the person id in the log stays (it identifies no one by itself). */
  @Delete(':personId')
  @HttpCode(204)
  async erase(@PersonId() viewer: string, @Param('personId', new ZodBody(idSchema)) personId: string) {
    if (viewer !== personId) throw forbidden('A person may erase only their own details');
    if (!(await this.registry.erase(personId))) throw notFound(`No details of ${personId}`);
  }
}
