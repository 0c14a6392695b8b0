import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '@lib/platform';
import { QuadraticRounds } from '../engine/quadratic-rounds';

/** Finalizes quadratic rounds once their end has passed (also after a restart). */
@Injectable()
export class QuadraticRoundsJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobRegistry,
    private readonly rounds: QuadraticRounds,
  ) {}

  onModuleInit(): void {
    this.jobs.register('matching:finalize-rounds', () => this.rounds.finalizeDue());
  }
}
