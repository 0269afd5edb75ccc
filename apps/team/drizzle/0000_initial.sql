CREATE TABLE "costs" (
	"learner_id" uuid NOT NULL,
	"cost_key" text NOT NULL,
	"model" text NOT NULL,
	"calls" integer NOT NULL,
	"input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cost_usd" double precision NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "costs_learner_id_cost_key_pk" PRIMARY KEY("learner_id","cost_key")
);
--> statement-breakpoint
CREATE TABLE "gap_topics" (
	"topic_key" text PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"learners" integer NOT NULL,
	"worst" integer NOT NULL,
	"open_since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gaps" (
	"learner_id" uuid NOT NULL,
	"gap_id" text NOT NULL,
	"topic" text NOT NULL,
	"topic_key" text NOT NULL,
	"severity" text NOT NULL,
	"addressed" boolean NOT NULL,
	"identified_at" timestamp with time zone NOT NULL,
	"addressed_at" timestamp with time zone,
	CONSTRAINT "gaps_learner_id_gap_id_pk" PRIMARY KEY("learner_id","gap_id")
);
--> statement-breakpoint
CREATE TABLE "invites" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"uses_left" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learner_totals" (
	"learner_id" uuid PRIMARY KEY NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"abandoned" integer DEFAULT 0 NOT NULL,
	"last_abandoned_at" timestamp with time zone,
	"nudges" integer DEFAULT 0 NOT NULL,
	"open_gaps" integer DEFAULT 0 NOT NULL,
	"cost_usd" double precision DEFAULT 0 NOT NULL,
	"last_session_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "learners" (
	"id" uuid PRIMARY KEY NOT NULL,
	"display_name" text NOT NULL,
	"token_hash" text NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"left_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	"highest_seq" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "learners_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "practice" (
	"learner_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"kata_id" text NOT NULL,
	"title" text NOT NULL,
	"passed" boolean NOT NULL,
	"level" integer,
	"tests_passed" integer,
	"tests_total" integer,
	"attempted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "practice_learner_id_seq_pk" PRIMARY KEY("learner_id","seq")
);
--> statement-breakpoint
CREATE TABLE "records" (
	"learner_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"kind" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "records_learner_id_seq_pk" PRIMARY KEY("learner_id","seq")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"learner_id" uuid NOT NULL,
	"session_id" text NOT NULL,
	"issue_number" integer,
	"issue_title" text,
	"status" text NOT NULL,
	"phases_completed" integer NOT NULL,
	"phases_total" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"duration_ms" bigint NOT NULL,
	"hints_low" integer NOT NULL,
	"hints_medium" integer NOT NULL,
	"hints_high" integer NOT NULL,
	"nudges" integer NOT NULL,
	"reviews" integer NOT NULL,
	"cost_usd" double precision NOT NULL,
	CONSTRAINT "sessions_learner_id_session_id_pk" PRIMARY KEY("learner_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stages" (
	"learner_id" uuid NOT NULL,
	"skill_area" text NOT NULL,
	"stage" text NOT NULL,
	"confidence" double precision NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "stages_learner_id_skill_area_pk" PRIMARY KEY("learner_id","skill_area")
);
--> statement-breakpoint
ALTER TABLE "costs" ADD CONSTRAINT "costs_learner_id_learners_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."learners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gaps" ADD CONSTRAINT "gaps_learner_id_learners_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."learners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learner_totals" ADD CONSTRAINT "learner_totals_learner_id_learners_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."learners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice" ADD CONSTRAINT "practice_learner_id_learners_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."learners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_learner_id_learners_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."learners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_learner_id_learners_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."learners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stages" ADD CONSTRAINT "stages_learner_id_learners_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."learners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gap_topics_learners" ON "gap_topics" USING btree ("learners" DESC,"open_since");--> statement-breakpoint
CREATE INDEX "gaps_open_topic" ON "gaps" USING btree ("topic_key") WHERE NOT "gaps"."addressed";--> statement-breakpoint
CREATE INDEX "gaps_open_identified" ON "gaps" USING btree ("identified_at") WHERE NOT "gaps"."addressed";--> statement-breakpoint
CREATE INDEX "learner_totals_last_abandoned" ON "learner_totals" USING btree ("last_abandoned_at");--> statement-breakpoint
CREATE INDEX "learners_last_seen" ON "learners" USING btree ("last_seen_at" DESC NULLS LAST,"display_name");--> statement-breakpoint
CREATE INDEX "sessions_learner_started" ON "sessions" USING btree ("learner_id","started_at");--> statement-breakpoint
CREATE INDEX "sessions_abandoned_started" ON "sessions" USING btree ("started_at") WHERE "sessions"."status" = 'abandoned';