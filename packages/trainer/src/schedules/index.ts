// Every LR schedule, one file each. The registry (schedule-registry.ts) is built from these
// exports; a test fails when a file in this folder is not exported here.
export { type ConstantScheduleOptions, constantSchedule } from './constant-schedule.js';
export { type CosineScheduleOptions, cosineSchedule } from './cosine-schedule.js';
export { type InverseSqrtScheduleOptions, inverseSqrtSchedule } from './inverse-sqrt-schedule.js';
export { type LinearScheduleOptions, linearSchedule } from './linear-schedule.js';
