import { Module } from '@nestjs/common';
import { NoopController } from './noop.controller';

/** The benchmark's no-op endpoint (BENCH_NOOP=true); never part of a normal server. */
@Module({ controllers: [NoopController] })
export class BenchModule {}
