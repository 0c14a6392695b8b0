import 'reflect-metadata';
import { runServiceHost } from '@lib/messaging';
import { CampaignsModule } from './campaigns.module';

runServiceHost('campaigns', CampaignsModule, 'Calls for proposals, campaigns and their lifecycle, milestones, evidence and verification.');
