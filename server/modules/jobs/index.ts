/** jobs: the durable background job runner. */
export { createJobService, type JobService, type JobRow } from './jobs.service';
