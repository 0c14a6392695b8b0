import 'reflect-metadata';
import { runServiceHost } from '@lib/messaging';
import { MatchingModule } from './matching.module';

runServiceHost('matching', MatchingModule, 'Funds, matching rules (ratio, threshold, quadratic), reservations, quotes.');
