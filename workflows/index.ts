/** Every workflow type the `journeys` task queue runs. */
export {};
