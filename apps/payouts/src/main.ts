import 'reflect-metadata';
import { runServiceHost } from '@lib/messaging';
import { PayoutsModule } from './payouts.module';

runServiceHost('payouts', PayoutsModule, 'Double-entry ledger, escrow, pay-by-result tranches, payouts, transparency.');
