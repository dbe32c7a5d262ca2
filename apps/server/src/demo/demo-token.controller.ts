import { Body, Controller, Get, Inject, NotFoundException, Post } from '@nestjs/common';
import { z } from 'zod';
import { idSchema } from '@klaster/domain';
import { mintToken } from '@klaster/identity';
import { Public } from '../auth/auth.guard';
import { ZodBody } from '../http/zod-body.pipe';
import { seed004People } from './seed-004';

export const DEMO_TOKEN_SECRET = Symbol('DEMO_TOKEN_SECRET');
const demoTokenBody = z.object({ personId: idSchema });

/** Only registered when DEMO=true: tokens for the demo's people, so a visitor can try every role. */
@Public()
@Controller('api/demo')
export class DemoTokenController {
  constructor(@Inject(DEMO_TOKEN_SECRET) private readonly secret: string) {}

  /** The people a visitor may act as (the web page's sign-in picker). */
  @Get('people')
  people() {
    return seed004People;
  }

  @Post('token')
  async token(@Body(new ZodBody(demoTokenBody)) { personId }: z.infer<typeof demoTokenBody>) {
    if (!seed004People.some((p) => p.personId === personId)) throw new NotFoundException(`${personId} is not one of the demo's people`);
    return { personId, token: await mintToken(this.secret, personId) };
  }
}
