/**
 * The portal's routes. Pages that pull in large libraries (the forms and their zod schemas, the charts, the back
 * office) load on demand, so the citizen's first page stays small.
 */
import { ErrorBoundary, LocationProvider, lazy, Route, Router } from 'preact-iso';
import { Layout } from './components/layout.tsx';
import { useI18n } from './i18n/i18n.ts';
import { CallbackPage } from './pages/callback.tsx';
import { HomePage } from './pages/home.tsx';
import { ServicesPage } from './pages/services.tsx';

const DossiersPage = lazy(() => import('./pages/dossiers.tsx').then((m) => m.DossiersPage));
const DossierPage = lazy(() => import('./pages/dossier.tsx').then((m) => m.DossierPage));
const BirthFormPage = lazy(() => import('./forms/birth-form.tsx').then((m) => m.BirthFormPage));
const DeathFormPage = lazy(() => import('./forms/death-form.tsx').then((m) => m.DeathFormPage));
const HouseholdHeadFormPage = lazy(() =>
  import('./forms/household-head-form.tsx').then((m) => m.HouseholdHeadFormPage),
);
const RecordCorrectionFormPage = lazy(() =>
  import('./forms/record-correction-form.tsx').then((m) => m.RecordCorrectionFormPage),
);
const ServiceFormPage = lazy(() => import('./services/service-form.tsx').then((m) => m.ServiceFormPage));
const ResidenceConfirmationPage = lazy(() =>
  import('./services/residence-confirmation.tsx').then((m) => m.ResidenceConfirmationPage),
);
const OldIdPage = lazy(() => import('./pages/old-id.tsx').then((m) => m.OldIdPage));
const AccessLogPage = lazy(() => import('./pages/access-log.tsx').then((m) => m.AccessLogPage));
const ConsentsPage = lazy(() => import('./pages/consents.tsx').then((m) => m.ConsentsPage));
const SessionsPage = lazy(() => import('./pages/sessions.tsx').then((m) => m.SessionsPage));
const VerifyPage = lazy(() => import('./pages/verify.tsx').then((m) => m.VerifyPage));
const InboxPage = lazy(() => import('./officer/inbox.tsx').then((m) => m.InboxPage));
const TaskPage = lazy(() => import('./officer/task.tsx').then((m) => m.TaskPage));
const OverviewPage = lazy(() => import('./officer/overview.tsx').then((m) => m.OverviewPage));
const StatisticsPage = lazy(() => import('./stats/statistics.tsx').then((m) => m.StatisticsPage));
const ApiDocsPage = lazy(() => import('./pages/api-docs.tsx').then((m) => m.ApiDocsPage));

const NotFound = () => {
  const { t } = useI18n();
  return <p>{t('app.notFound')}</p>;
};

export const App = () => (
  <LocationProvider scope="/portal">
    <Layout>
      <ErrorBoundary>
        <Router>
          <Route path="/portal/" component={HomePage} />
          <Route path="/portal/callback" component={CallbackPage} />
          <Route path="/portal/services" component={ServicesPage} />
          <Route path="/portal/services/birth" component={BirthFormPage} />
          <Route path="/portal/services/death" component={DeathFormPage} />
          <Route path="/portal/services/old-id" component={OldIdPage} />
          <Route path="/portal/services/residence-confirmation" component={ResidenceConfirmationPage} />
          <Route path="/portal/services/household-head" component={HouseholdHeadFormPage} />
          <Route path="/portal/services/record-correction" component={RecordCorrectionFormPage} />
          <Route path="/portal/services/:slug" component={ServiceFormPage} />
          <Route path="/portal/dossiers" component={DossiersPage} />
          <Route path="/portal/dossiers/:id" component={DossierPage} />
          <Route path="/portal/access-log" component={AccessLogPage} />
          <Route path="/portal/consents" component={ConsentsPage} />
          <Route path="/portal/account/sessions" component={SessionsPage} />
          <Route path="/portal/verify" component={VerifyPage} />
          <Route path="/portal/officer" component={InboxPage} />
          <Route path="/portal/officer/overview" component={OverviewPage} />
          <Route path="/portal/officer/tasks/:taskId" component={TaskPage} />
          <Route path="/portal/statistics" component={StatisticsPage} />
          <Route path="/portal/api" component={ApiDocsPage} />
          <Route default component={NotFound} />
        </Router>
      </ErrorBoundary>
    </Layout>
  </LocationProvider>
);
