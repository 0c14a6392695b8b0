import 'reflect-metadata';
import { runServiceHost } from '@lib/messaging';
import { PledgesModule } from './pledges.module';

runServiceHost('pledges', PledgesModule, 'Pledges, payments (Stripe or sandbox), webhooks, refunds, funding close.');
