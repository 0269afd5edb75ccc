CREATE TABLE "summaries" (
	"learner_id" uuid NOT NULL,
	"session_id" text NOT NULL,
	"summary" text NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "summaries_learner_id_session_id_pk" PRIMARY KEY("learner_id","session_id")
);
--> statement-breakpoint
ALTER TABLE "summaries" ADD CONSTRAINT "summaries_learner_id_learners_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."learners"("id") ON DELETE cascade ON UPDATE no action;