/**
 * Learning materials for the learner's open knowledge gaps (primary Story 12 AS-6/AS-7): per gap, web resources as
 * links that open in a new tab (`rel="noopener noreferrer"`), only the URLs the backend verified against its web
 * search (and only http(s) ones, checked again here), with the suggested study order and the practice connection.
 */
import { SectionError, SectionLoading } from '../../components/section-states.js';
import type { LearningMaterial, Section } from '../../state/dashboard-store.js';
import { safeHttpUrl } from '../format.js';
import { DashboardSection } from './dashboard-section.js';

const TYPE_LABEL: Record<LearningMaterial['resources'][number]['type'], string> = {
  documentation: 'Docs',
  article: 'Article',
  video: 'Video',
  tutorial: 'Tutorial',
};
const RELEVANCE_LABEL: Record<LearningMaterial['resources'][number]['relevance'], string> = {
  direct: 'direct',
  deep_dive: 'deep dive',
  supplementary: 'extra',
};

export function MaterialsSection({
  section,
  onRetry,
}: {
  section: Section<LearningMaterial[]>;
  onRetry(): void;
}) {
  const materials = section.data;
  return (
    <DashboardSection id="materials" title="Learning materials" section={section} className="area-materials">
      {section.status === 'error' && (
        <SectionError
          message={section.error ?? 'Could not find learning materials.'}
          code={section.code}
          onRetry={onRetry}
        />
      )}
      {materials === null ? (
        section.status !== 'error' && (
          <SectionLoading text="Searching the web for material on your knowledge gaps…" lines={4} />
        )
      ) : materials.length === 0 ? (
        section.status !== 'error' && (
          <p className="empty">No open knowledge gaps: nothing to study right now.</p>
        )
      ) : (
        <div className="material-groups">
          {materials.map((m) => (
            <section
              key={m.knowledgeGap}
              className="material-group"
              aria-label={`Materials for ${m.knowledgeGap}`}
            >
              <h3 className="material-gap">{m.knowledgeGap}</h3>
              <p className="material-order">{m.studyOrder}</p>
              <ul className="resource-list">
                {m.resources.map((r) => {
                  const url = safeHttpUrl(r.url);
                  return (
                    <li key={`${r.url}-${r.title}`} className="resource">
                      {url ? (
                        <a className="resource-link" href={url} target="_blank" rel="noopener noreferrer">
                          {r.title}
                          <span className="visually-hidden"> (opens in a new tab)</span>
                        </a>
                      ) : (
                        <span className="resource-link">{r.title}</span>
                      )}
                      <span className="resource-meta">
                        {TYPE_LABEL[r.type]} · {RELEVANCE_LABEL[r.relevance]} · {r.estimatedTime}
                        {url && <> · {new URL(url).hostname}</>}
                      </span>
                      <p className="resource-description">{r.description}</p>
                    </li>
                  );
                })}
              </ul>
              {m.practiceConnection && <p className="material-practice">{m.practiceConnection}</p>}
            </section>
          ))}
        </div>
      )}
    </DashboardSection>
  );
}
