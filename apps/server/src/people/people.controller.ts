import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { z } from 'zod';
import { forbidden, idSchema, notFound } from '@klaster/domain';
import { PersonId } from '../auth/auth.guard';
import { ZodBody } from '../http/zod-body.pipe';
import { ClusterDirectory, peopleOf } from '../clusters/queries/cluster-directory';
import { PeopleRegistry } from './people.registry';
import { ReadModels } from '../projections/read-models.service';
import { readQuerySchema, type ReadQuery } from '../projections/read-query';

export const personDetailsBody = z.object({
  displayName: z.string().min(1).max(200),
  email: z.email().optional(),
  phone: z.string().max(40).optional(),
});

/** The people registry: a person keeps their own details; people who share a cluster can read them. */
@Controller('api/people')
export class PeopleController {
  constructor(
    private readonly registry: PeopleRegistry,
    private readonly directory: ClusterDirectory,
    private readonly models: ReadModels,
  ) {}

  @Put('me')
  @HttpCode(200)
  updateMine(@PersonId() personId: string, @Body(new ZodBody(personDetailsBody)) body: z.infer<typeof personDetailsBody>) {
    this.registry.upsert({ personId, ...body });
    return this.registry.get(personId);
  }

  @Get(':personId')
  async get(@PersonId() viewer: string, @Param('personId', new ZodBody(idSchema)) personId: string, @Query(new ZodBody(readQuerySchema)) q: ReadQuery) {
    await this.models.reached(q.position);
    const visible = viewer === personId || this.directory.readableBy(viewer).some((cluster) => peopleOf(cluster).has(personId));
    const person = visible ? this.registry.get(personId) : undefined;
    if (!person) throw notFound(`No details of ${personId} that you may see`);
    return person;
  }

  /** Erasure: the details go, the person id in the log stays (it identifies no one by itself). */
  @Delete(':personId')
  @HttpCode(204)
  erase(@PersonId() viewer: string, @Param('personId', new ZodBody(idSchema)) personId: string) {
    if (viewer !== personId) throw forbidden('A person may erase only their own details');
    if (!this.registry.erase(personId)) throw notFound(`No details of ${personId}`);
  }
}
