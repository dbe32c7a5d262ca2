import { Injectable, type PipeTransform } from '@nestjs/common';
import { occurrenceFields } from '@klaster/domain';
import { z } from 'zod';

/**
 * Parses a command's body with its zod schema, plus the fields any command accepts to record an act
 * after the fact (`occurredAt`, `reference`, `actedBy`); the ZodError becomes a 400 with every issue.
 */
@Injectable()
export class CommandBody<S extends z.ZodObject> implements PipeTransform<unknown, z.output<S> & Occurrence> {
  private readonly schema: z.ZodType<z.output<S> & Occurrence>;

  constructor(schema: S) {
    this.schema = schema.extend(occurrenceFields) as unknown as z.ZodType<z.output<S> & Occurrence>;
  }

  transform(value: unknown): z.output<S> & Occurrence {
    return this.schema.parse(value ?? {});
  }
}

export interface Occurrence {
  occurredAt?: string;
  reference?: string;
  actedBy?: string;
}

/** The body of a command that needs nothing but may record an act after the fact. */
export const noBody = z.object({}).strict();
