CREATE TABLE `action_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text,
	`action_type` text NOT NULL,
	`data` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `action_log_session_id_created_at_idx` ON `action_log` (`session_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `action_log_session_id_action_type_created_at_idx` ON `action_log` (`session_id`,`action_type`,`created_at`);--> statement-breakpoint
CREATE INDEX `action_log_action_type_created_at_idx` ON `action_log` (`action_type`,`created_at`);--> statement-breakpoint
CREATE INDEX `action_log_created_at_idx` ON `action_log` (`created_at`);--> statement-breakpoint
CREATE TABLE `api_call_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text,
	`call_type` text NOT NULL,
	`model` text NOT NULL,
	`input_hash` text NOT NULL,
	`latency_ms` integer NOT NULL,
	`input_tokens` integer NOT NULL,
	`output_tokens` integer NOT NULL,
	`cost_estimate` real NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "api_call_log_latency_check" CHECK("api_call_log"."latency_ms" >= -1),
	CONSTRAINT "api_call_log_tokens_check" CHECK("api_call_log"."input_tokens" >= 0 AND "api_call_log"."output_tokens" >= 0 AND "api_call_log"."cost_estimate" >= 0)
);
--> statement-breakpoint
CREATE INDEX `api_call_log_created_at_idx` ON `api_call_log` (`created_at`,`cost_estimate`,`latency_ms`,`model`);--> statement-breakpoint
CREATE INDEX `api_call_log_session_id_created_at_idx` ON `api_call_log` (`session_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `dreyfus_assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`skill_area` text NOT NULL,
	`stage` text NOT NULL,
	`confidence` real NOT NULL,
	`evidence` text NOT NULL,
	`assessed_at` text NOT NULL,
	CONSTRAINT "dreyfus_assessments_stage_check" CHECK("dreyfus_assessments"."stage" IN ('novice', 'advanced_beginner', 'competent', 'proficient', 'expert')),
	CONSTRAINT "dreyfus_assessments_confidence_check" CHECK("dreyfus_assessments"."confidence" >= 0 AND "dreyfus_assessments"."confidence" <= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dreyfus_assessments_skill_area_unique` ON `dreyfus_assessments` (`skill_area`);--> statement-breakpoint
CREATE TABLE `kata_specs` (
	`id` text PRIMARY KEY NOT NULL,
	`knowledge_gap_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`scaffolding_code` text NOT NULL,
	`instructor_notes` text NOT NULL,
	`constraints` text DEFAULT '[]' NOT NULL,
	`user_attempts` text DEFAULT '[]' NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`knowledge_gap_id`) REFERENCES `knowledge_gaps`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "kata_specs_constraints_json_check" CHECK(json_valid("kata_specs"."constraints") AND json_type("kata_specs"."constraints") = 'array'),
	CONSTRAINT "kata_specs_user_attempts_json_check" CHECK(json_valid("kata_specs"."user_attempts") AND json_type("kata_specs"."user_attempts") = 'array')
);
--> statement-breakpoint
CREATE INDEX `kata_specs_knowledge_gap_id_idx` ON `kata_specs` (`knowledge_gap_id`);--> statement-breakpoint
CREATE INDEX `kata_specs_created_at_idx` ON `kata_specs` (`created_at`);--> statement-breakpoint
CREATE TABLE `knowledge_gaps` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text,
	`topic` text NOT NULL,
	`severity` text NOT NULL,
	`evidence` text NOT NULL,
	`related_concepts` text DEFAULT '[]' NOT NULL,
	`frequency` integer DEFAULT 1 NOT NULL,
	`last_encountered_at` text NOT NULL,
	`addressed` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "knowledge_gaps_severity_check" CHECK("knowledge_gaps"."severity" IN ('low', 'medium', 'high')),
	CONSTRAINT "knowledge_gaps_frequency_check" CHECK("knowledge_gaps"."frequency" >= 1)
);
--> statement-breakpoint
CREATE INDEX `knowledge_gaps_session_id_idx` ON `knowledge_gaps` (`session_id`);--> statement-breakpoint
CREATE INDEX `knowledge_gaps_addressed_severity_idx` ON `knowledge_gaps` (`addressed`,`severity`);--> statement-breakpoint
CREATE INDEX `knowledge_gaps_last_encountered_at_idx` ON `knowledge_gaps` (`last_encountered_at`);--> statement-breakpoint
CREATE TABLE `phase_hints` (
	`id` text PRIMARY KEY NOT NULL,
	`phase_id` text NOT NULL,
	`type` text NOT NULL,
	`path` text NOT NULL,
	`start_line` integer,
	`end_line` integer,
	`style` text NOT NULL,
	`hover_text` text,
	FOREIGN KEY (`phase_id`) REFERENCES `phases`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "phase_hints_type_check" CHECK("phase_hints"."type" IN ('file', 'line')),
	CONSTRAINT "phase_hints_style_check" CHECK(("phase_hints"."type" = 'file' AND "phase_hints"."style" IN ('suggested', 'required')) OR ("phase_hints"."type" = 'line' AND "phase_hints"."style" IN ('hint', 'error', 'success'))),
	CONSTRAINT "phase_hints_lines_check" CHECK("phase_hints"."type" = 'file' OR ("phase_hints"."start_line" >= 1 AND "phase_hints"."end_line" >= "phase_hints"."start_line"))
);
--> statement-breakpoint
CREATE INDEX `phase_hints_phase_id_type_idx` ON `phase_hints` (`phase_id`,`type`);--> statement-breakpoint
CREATE TABLE `phases` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`hint_level` text,
	`expected_files` text DEFAULT '[]' NOT NULL,
	`started_at` text,
	`completed_at` text,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "phases_status_check" CHECK("phases"."status" IN ('pending', 'active', 'complete')),
	CONSTRAINT "phases_hint_level_check" CHECK("phases"."hint_level" IS NULL OR "phases"."hint_level" IN ('off', 'low', 'medium', 'high')),
	CONSTRAINT "phases_number_check" CHECK("phases"."number" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `phases_plan_id_number_idx` ON `phases` (`plan_id`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `phases_one_active_per_plan_idx` ON `phases` (`plan_id`) WHERE "phases"."status" = 'active';--> statement-breakpoint
CREATE TABLE `plans` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`title` text,
	`summary` text,
	`raw_plan_text` text,
	`memory_connection` text,
	`estimated_difficulty` text,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plans_session_id_created_at_idx` ON `plans` (`session_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `plans_one_active_per_session_idx` ON `plans` (`session_id`) WHERE "plans"."is_active" = 1;--> statement-breakpoint
CREATE TABLE `progress_events` (
	`id` text PRIMARY KEY NOT NULL,
	`phase_id` text NOT NULL,
	`event_type` text NOT NULL,
	`data` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`phase_id`) REFERENCES `phases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `progress_events_phase_id_created_at_idx` ON `progress_events` (`phase_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `progress_events_event_type_idx` ON `progress_events` (`event_type`,`phase_id`);--> statement-breakpoint
CREATE TABLE `session_wrap_up_errors` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`agent_name` text NOT NULL,
	`error_message` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "session_wrap_up_errors_agent_name_check" CHECK("session_wrap_up_errors"."agent_name" IN ('reflection', 'knowledge_gaps', 'dreyfus'))
);
--> statement-breakpoint
CREATE INDEX `session_wrap_up_errors_session_id_created_at_idx` ON `session_wrap_up_errors` (`session_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`project_dir` text NOT NULL,
	`issue_number` integer,
	`issue_title` text,
	`issue_summary` text,
	`status` text DEFAULT 'active' NOT NULL,
	`hint_level` text DEFAULT 'medium' NOT NULL,
	`transcript` text,
	`started_at` text NOT NULL,
	`ended_at` text,
	CONSTRAINT "sessions_status_check" CHECK("sessions"."status" IN ('active', 'completed', 'completed_with_errors', 'abandoned')),
	CONSTRAINT "sessions_hint_level_check" CHECK("sessions"."hint_level" IN ('off', 'low', 'medium', 'high'))
);
--> statement-breakpoint
CREATE INDEX `sessions_status_started_at_idx` ON `sessions` (`status`,`started_at`);--> statement-breakpoint
CREATE INDEX `sessions_status_ended_at_idx` ON `sessions` (`status`,`ended_at`);--> statement-breakpoint
CREATE INDEX `sessions_started_at_idx` ON `sessions` (`started_at`);