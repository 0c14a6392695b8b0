import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

/** Italian first (the first users are Italian cities), English complete too. */
const en = {
  app: { name: 'Civic matchfunding', skip: 'Skip to content', language: 'Language', footer: 'Every euro of public money is traced: see the transparency page.' },
  nav: { campaigns: 'Campaigns', myPledges: 'My pledges', promoter: 'My campaigns', funder: 'Funder desk', verifier: 'Verification', transparency: 'Transparency', login: 'Log in', logout: 'Log out', signedInAs: 'Signed in as {{name}}', main: 'Main' },
  roles: { citizen: 'Citizen', promoter: 'Promoter', funder: 'Funder', verifier: 'Verifier', admin: 'Administrator' },
  login: {
    title: 'Log in', devIntro: 'Development login: choose a name and your roles (tokens are issued by this deployment only).', name: 'Your name (user id)', roles: 'Roles',
    submit: 'Log in', oidc: 'Log in with your city account', noMethod: 'No login method is configured on this deployment.', nameHint: 'letters, digits and . _ : @ -', chooseRole: 'Choose at least one role.',
  },
  status: {
    draft: 'Draft', submitted: 'Submitted', rejected: 'Rejected', scheduled: 'Scheduled', live: 'Live', succeeded: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled', in_delivery: 'In delivery', completed: 'Completed',
    pending: 'Pending', evidence_submitted: 'Evidence submitted', verified: 'Verified', expired: 'Expired',
    requires_payment: 'Awaiting payment', confirmed: 'Confirmed', refunded: 'Refunded',
    planned: 'Planned', eligible: 'Eligible', released: 'Released', paid: 'Paid', forfeited: 'Forfeited', committed: 'Committed', returned: 'Returned',
  },
  list: {
    title: 'Neighbourhood projects', filters: 'Filters', area: 'Neighbourhood', category: 'Theme', any: 'Any', q: 'Search', qPlaceholder: 'words in the title or summary', sort: 'Sort by', status: 'Status',
    newest: 'Newest', ending_soon: 'Ending soon', most_backed: 'Most backed', apply: 'Search', results_one: '{{count}} campaign', results_other: '{{count}} campaigns', empty: 'No campaign matches these filters.',
    prev: 'Previous page', next: 'Next page', page: 'Page {{page}} of {{pages}}', publicStatuses: 'Open and past',
  },
  campaign: {
    goal: 'Goal', raised: '{{amount}} raised of {{goal}}', crowd: 'Citizens', match: 'Match', backers_one: '{{count}} backer', backers_other: '{{count}} backers',
    daysLeft_one: '{{count}} day left', daysLeft_other: '{{count}} days left', ended: 'Funding closed', startsOn: 'Opens on {{date}}', percent: '{{percent}}% of the goal',
    story: 'The project', milestones: 'Milestones', milestone: 'Milestone', updates: 'Updates', noUpdates: 'No update yet.', backersList: 'Backers', noBackers: 'Be the first to back this project.',
    anonymous: 'Anonymous', promoter: 'Promoted by {{name}}', area: 'Neighbourhood', category: 'Theme', fundingModel: 'Funding', all_or_nothing: 'All or nothing', keep_it_all: 'Keep it all',
    target: 'Target: {{target}} {{unit}} (from {{baseline}})', due: 'due {{date}}', share: '{{pct}}% of the funds', upfront: 'Upfront: {{pct}}% of the funds on success', tranches: 'Tranches',
    progressLabel: 'Funding progress: citizens {{crowd}}, match {{match}}, goal {{goal}}', notFound: 'Campaign not found.', back: 'All campaigns', verifiedValue: 'verified value: {{value}}',
  },
  pledge: {
    title: 'Back this project', amount: 'Amount (€)', amountHint: 'e.g. 25 or 12,50', quote: 'Your {{amount}} becomes {{total}} with the match', noMatch: 'No match is available for this amount right now.',
    quoting: 'Computing the match…', displayName: 'Name shown to the public (optional)', anonymous: 'Pledge anonymously', message: 'Message (optional)', submit: 'Continue to payment',
    invalidAmount: 'Enter an amount in euros, e.g. 25 or 12,50.', loginFirst: 'Log in as a citizen to pledge.', notLive: 'This campaign is not accepting pledges.',
    payTitle: 'Pay {{amount}}', card: 'Card number', cardHint: 'Sandbox: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined', pay: 'Pay', paying: 'Paying…',
    thanks: 'Thank you! Your pledge of {{amount}} is confirmed.', declined: 'The payment failed: {{reason}}. Try another card.', stripeLoading: 'Loading the secure payment form…',
    stripeWaiting: 'Payment submitted; waiting for the confirmation…', another: 'Pledge again',
  },
  mine: { title: 'My pledges', empty: 'You have not pledged yet.', campaign: 'Campaign', amount: 'Amount', status: 'Status', date: 'Date', receipt: 'Receipt', showReceipt: 'Show receipt', hideReceipt: 'Hide receipt', receiptOf: 'Receipt of pledge {{id}}' },
  promoter: {
    title: 'My campaigns', empty: 'No campaign yet.', new: 'Draft a new campaign', draftTitle: 'Draft a campaign', campaignTitle: 'Title', summary: 'Summary', description: 'Story', promoterName: 'Public name of the promoter',
    call: 'Call for proposals', noCall: 'No call (independent campaign)', area: 'Neighbourhood', category: 'Theme', promoterType: 'Promoter type', goal: 'Goal (€)', fundingModel: 'Funding model',
    startsAt: 'Opens on', endsAt: 'Closes on', cofinancing: 'Own co-financing (€)', upfront: 'Upfront share (%)', policy: 'If a milestone fails, the donors’ share is', release_donor_share: 'released to the promoter', refund_donor_share: 'refunded to the donors',
    milestones: 'Milestones', addMilestone: 'Add a milestone', removeMilestone: 'Remove milestone {{n}}', mTitle: 'Title', indicator: 'Indicator', unit: 'Unit', baseline: 'Baseline', target: 'Target', dueAt: 'Due on', payoutShare: 'Payout share (%)',
    paymentRule: 'Payment rule', binary: 'All or nothing (target met)', proportional: 'Proportional to the result', minAchievement: 'Minimum achievement (%)',
    sharesTotal: 'Upfront + milestones = {{total}}%', sharesOk: 'the shares add up to 100%', sharesKo: 'they must add up to 100%', create: 'Save the draft', invalid: 'Check the highlighted fields.',
    submit: 'Submit to the call', submitted: 'Submitted: the funder will review it.', notEligible: 'The campaign does not meet the call’s rules:', cancel: 'Cancel the campaign',
    postUpdate: 'Post an update', updateTitle: 'Title', updateBody: 'Text', publish: 'Publish', published: 'Update published.',
    evidence: 'Report a result', reportedValue: 'Reported value', evidenceDescription: 'Description', docUrl: 'Document URL', docSha: 'Document SHA-256', sendEvidence: 'Send the evidence', evidenceSent: 'Evidence sent; a verifier will check it.',
    payoutAccount: 'Payout account', stripeConnect: 'Connect a Stripe account', ibanTitle: 'Or a bank account (IBAN)', iban: 'IBAN', holder: 'Account holder', saveIban: 'Save the bank account', accountSaved: 'Payout account saved.', onboarding: 'Continue the onboarding',
    manage: 'Manage', pledges: 'Pledges', open: 'Open',
  },
  funder: {
    title: 'Funder desk', calls: 'My calls', noCalls: 'No call yet.', newCall: 'Open a call', callTitle: 'Title', callDescription: 'Description', opensAt: 'Opens on', closesAt: 'Closes on', areas: 'Eligible neighbourhoods (comma separated)',
    categories: 'Themes (comma separated)', promoterTypes: 'Promoter types', minGoal: 'Minimum goal (€)', maxGoal: 'Maximum goal (€)', minCofinancing: 'Minimum co-financing (% of the goal) for {{type}}', createCall: 'Open the call',
    review: 'Campaigns of this call', noCampaigns: 'No campaign submitted yet.', approve: 'Approve', reject: 'Reject', rejectReason: 'Reason for rejecting {{title}} (shown to the promoter)', funds: 'My funds', noFunds: 'No fund yet.', newFund: 'Create a fund', fundName: 'Name', budget: 'Budget (€)', sourceTags: 'Source tags (comma separated)', sourcesHint: 'Optional share of each source in %, summing to 100: ERDF 50, national 35, city 15', sourcesMixed: 'Give a share to every source, or to none', createFund: 'Create the fund',
    pool: 'Pool', available: 'Available', reserved: 'Reserved', committed: 'Committed', spent: 'Spent', returned: 'Returned', budgetTotal: 'Budget',
    rules: 'Rules', addRule: 'Add a ratio rule', numerator: 'Match (numerator)', denominator: 'per (denominator)', ruleCall: 'Only for the call', anyCall: 'Any call', maxPerDonor: 'Max match per donor per campaign (€, optional)', createRule: 'Add the rule', ratio: '{{n}}:{{d}} match',
    tranches: 'Tranches', release: 'Release', confirmPayment: 'Confirm bank transfer', bankReference: 'Bank reference', export: 'Download the transparency export (CSV)', exportJson: 'JSON',
    tranche: 'Tranche', kind_upfront: 'Upfront', kind_milestone: 'Milestone', amount: 'Amount', due: 'Due', status: 'Status', actions: 'Actions', created: 'Created.',
  },
  verifier: {
    title: 'Evidence to verify', empty: 'Nothing to verify.', reported: 'Reported: {{value}} {{unit}}', documents: 'Documents', verifiedValue: 'Verified value', notes: 'Notes', approve: 'Approve', fail: 'Mark as failed', done: 'Verdict recorded.',
    target: 'Target {{target}} {{unit}} (baseline {{baseline}}), rule: {{rule}}',
  },
  transparency: {
    title: 'Where the public money went', intro: 'Every fund’s budget and what became of it, to the cent. The same data as the downloadable export.', chart: 'Funds by use of their budget', noFunds: 'No fund yet.',
    movements: 'Movements of public money', noMovements: 'No movement yet.', date: 'Date', fund: 'Fund', campaign: 'Campaign', movement: 'Movement', amount: 'Amount', status: 'Status',
    download: 'Download CSV', downloadJson: 'Download JSON', legend: 'Legend', committed: 'committed', released: 'released', returned: 'returned',
  },
  common: { loading: 'Loading…', error: 'Something went wrong: {{message}}', retry: 'Retry', save: 'Save', yes: 'Yes', no: 'No', close: 'Close', required: 'required' },
};

type Dict = { [k: string]: string | Dict };

const it: typeof en = {
  app: { name: 'Matchfunding civico', skip: 'Vai al contenuto', language: 'Lingua', footer: 'Ogni euro di denaro pubblico è tracciato: vedi la pagina trasparenza.' },
  nav: { campaigns: 'Campagne', myPledges: 'Le mie donazioni', promoter: 'Le mie campagne', funder: 'Area finanziatori', verifier: 'Verifiche', transparency: 'Trasparenza', login: 'Accedi', logout: 'Esci', signedInAs: 'Accesso come {{name}}', main: 'Principale' },
  roles: { citizen: 'Cittadino', promoter: 'Promotore', funder: 'Finanziatore', verifier: 'Verificatore', admin: 'Amministratore' },
  login: {
    title: 'Accedi', devIntro: 'Accesso di sviluppo: scegli un nome e i tuoi ruoli (i token valgono solo su questa installazione).', name: 'Il tuo nome (id utente)', roles: 'Ruoli',
    submit: 'Accedi', oidc: 'Accedi con l’account del Comune', noMethod: 'Su questa installazione non è configurato alcun metodo di accesso.', nameHint: 'lettere, cifre e . _ : @ -', chooseRole: 'Scegli almeno un ruolo.',
  },
  status: {
    draft: 'Bozza', submitted: 'Candidata', rejected: 'Respinta', scheduled: 'In programma', live: 'Aperta', succeeded: 'Riuscita', failed: 'Non riuscita', cancelled: 'Annullata', in_delivery: 'In realizzazione', completed: 'Conclusa',
    pending: 'Da raggiungere', evidence_submitted: 'Prove inviate', verified: 'Verificato', expired: 'Scaduto',
    requires_payment: 'In attesa di pagamento', confirmed: 'Confermata', refunded: 'Rimborsata',
    planned: 'Prevista', eligible: 'Erogabile', released: 'Sbloccata', paid: 'Pagata', forfeited: 'Non dovuta', committed: 'Impegnato', returned: 'Restituito',
  },
  list: {
    title: 'Progetti di quartiere', filters: 'Filtri', area: 'Quartiere', category: 'Tema', any: 'Tutti', q: 'Cerca', qPlaceholder: 'parole nel titolo o nel riassunto', sort: 'Ordina per', status: 'Stato',
    newest: 'Più recenti', ending_soon: 'In scadenza', most_backed: 'Più sostenute', apply: 'Cerca', results_one: '{{count}} campagna', results_other: '{{count}} campagne', empty: 'Nessuna campagna corrisponde ai filtri.',
    prev: 'Pagina precedente', next: 'Pagina successiva', page: 'Pagina {{page}} di {{pages}}', publicStatuses: 'Aperte e passate',
  },
  campaign: {
    goal: 'Obiettivo', raised: '{{amount}} raccolti su {{goal}}', crowd: 'Cittadini', match: 'Cofinanziamento', backers_one: '{{count}} sostenitore', backers_other: '{{count}} sostenitori',
    daysLeft_one: 'manca {{count}} giorno', daysLeft_other: 'mancano {{count}} giorni', ended: 'Raccolta chiusa', startsOn: 'Apre il {{date}}', percent: '{{percent}}% dell’obiettivo',
    story: 'Il progetto', milestones: 'Traguardi', milestone: 'Traguardo', updates: 'Aggiornamenti', noUpdates: 'Ancora nessun aggiornamento.', backersList: 'Sostenitori', noBackers: 'Sii il primo a sostenere questo progetto.',
    anonymous: 'Anonimo', promoter: 'Promosso da {{name}}', area: 'Quartiere', category: 'Tema', fundingModel: 'Raccolta', all_or_nothing: 'Tutto o niente', keep_it_all: 'Trattieni quanto raccolto',
    target: 'Obiettivo: {{target}} {{unit}} (da {{baseline}})', due: 'entro il {{date}}', share: '{{pct}}% dei fondi', upfront: 'Anticipo: {{pct}}% dei fondi in caso di successo', tranches: 'Tranche',
    progressLabel: 'Avanzamento: cittadini {{crowd}}, cofinanziamento {{match}}, obiettivo {{goal}}', notFound: 'Campagna non trovata.', back: 'Tutte le campagne', verifiedValue: 'valore verificato: {{value}}',
  },
  pledge: {
    title: 'Sostieni il progetto', amount: 'Importo (€)', amountHint: 'es. 25 oppure 12,50', quote: 'I tuoi {{amount}} diventano {{total}} con il cofinanziamento', noMatch: 'Per questo importo ora non è disponibile alcun cofinanziamento.',
    quoting: 'Calcolo del cofinanziamento…', displayName: 'Nome pubblico (facoltativo)', anonymous: 'Dona in forma anonima', message: 'Messaggio (facoltativo)', submit: 'Procedi al pagamento',
    invalidAmount: 'Inserisci un importo in euro, es. 25 oppure 12,50.', loginFirst: 'Accedi come cittadino per donare.', notLive: 'Questa campagna non accetta donazioni.',
    payTitle: 'Paga {{amount}}', card: 'Numero di carta', cardHint: 'Sandbox: 4242 4242 4242 4242 va a buon fine, 4000 0000 0000 0002 viene rifiutata', pay: 'Paga', paying: 'Pagamento in corso…',
    thanks: 'Grazie! La tua donazione di {{amount}} è confermata.', declined: 'Il pagamento non è andato a buon fine: {{reason}}. Prova un’altra carta.', stripeLoading: 'Caricamento del modulo di pagamento sicuro…',
    stripeWaiting: 'Pagamento inviato; in attesa di conferma…', another: 'Dona ancora',
  },
  mine: { title: 'Le mie donazioni', empty: 'Non hai ancora donato.', campaign: 'Campagna', amount: 'Importo', status: 'Stato', date: 'Data', receipt: 'Ricevuta', showReceipt: 'Mostra la ricevuta', hideReceipt: 'Nascondi la ricevuta', receiptOf: 'Ricevuta della donazione {{id}}' },
  promoter: {
    title: 'Le mie campagne', empty: 'Ancora nessuna campagna.', new: 'Scrivi una nuova campagna', draftTitle: 'Bozza di campagna', campaignTitle: 'Titolo', summary: 'Riassunto', description: 'Racconto', promoterName: 'Nome pubblico del promotore',
    call: 'Bando', noCall: 'Nessun bando (campagna indipendente)', area: 'Quartiere', category: 'Tema', promoterType: 'Tipo di promotore', goal: 'Obiettivo (€)', fundingModel: 'Modello di raccolta',
    startsAt: 'Apre il', endsAt: 'Chiude il', cofinancing: 'Cofinanziamento proprio (€)', upfront: 'Quota anticipata (%)', policy: 'Se un traguardo fallisce, la quota dei donatori è', release_donor_share: 'versata al promotore', refund_donor_share: 'rimborsata ai donatori',
    milestones: 'Traguardi', addMilestone: 'Aggiungi un traguardo', removeMilestone: 'Rimuovi il traguardo {{n}}', mTitle: 'Titolo', indicator: 'Indicatore', unit: 'Unità', baseline: 'Valore di partenza', target: 'Obiettivo', dueAt: 'Entro il', payoutShare: 'Quota di pagamento (%)',
    paymentRule: 'Regola di pagamento', binary: 'Tutto o niente (obiettivo raggiunto)', proportional: 'In proporzione al risultato', minAchievement: 'Risultato minimo (%)',
    sharesTotal: 'Anticipo + traguardi = {{total}}%', sharesOk: 'le quote sommano a 100%', sharesKo: 'devono sommare a 100%', create: 'Salva la bozza', invalid: 'Controlla i campi evidenziati.',
    submit: 'Candida al bando', submitted: 'Candidata: il finanziatore la valuterà.', notEligible: 'La campagna non rispetta le regole del bando:', cancel: 'Annulla la campagna',
    postUpdate: 'Pubblica un aggiornamento', updateTitle: 'Titolo', updateBody: 'Testo', publish: 'Pubblica', published: 'Aggiornamento pubblicato.',
    evidence: 'Rendiconta un risultato', reportedValue: 'Valore rendicontato', evidenceDescription: 'Descrizione', docUrl: 'URL del documento', docSha: 'SHA-256 del documento', sendEvidence: 'Invia le prove', evidenceSent: 'Prove inviate; un verificatore le esaminerà.',
    payoutAccount: 'Conto per i pagamenti', stripeConnect: 'Collega un account Stripe', ibanTitle: 'Oppure un conto bancario (IBAN)', iban: 'IBAN', holder: 'Intestatario', saveIban: 'Salva il conto bancario', accountSaved: 'Conto per i pagamenti salvato.', onboarding: 'Continua la registrazione',
    manage: 'Gestisci', pledges: 'Donazioni', open: 'Apri',
  },
  funder: {
    title: 'Area finanziatori', calls: 'I miei bandi', noCalls: 'Ancora nessun bando.', newCall: 'Apri un bando', callTitle: 'Titolo', callDescription: 'Descrizione', opensAt: 'Apre il', closesAt: 'Chiude il', areas: 'Quartieri ammessi (separati da virgola)',
    categories: 'Temi (separati da virgola)', promoterTypes: 'Tipi di promotore', minGoal: 'Obiettivo minimo (€)', maxGoal: 'Obiettivo massimo (€)', minCofinancing: 'Cofinanziamento minimo (% dell’obiettivo) per {{type}}', createCall: 'Apri il bando',
    review: 'Campagne del bando', noCampaigns: 'Ancora nessuna campagna candidata.', approve: 'Approva', reject: 'Respingi', rejectReason: 'Motivo per respingere {{title}} (visibile al promotore)', funds: 'I miei fondi', noFunds: 'Ancora nessun fondo.', newFund: 'Crea un fondo', fundName: 'Nome', budget: 'Dotazione (€)', sourceTags: 'Fonti (separate da virgola)', sourcesHint: 'Quota facoltativa di ogni fonte in %, con somma 100: FESR 50, nazionale 35, comune 15', sourcesMixed: 'Indica la quota di tutte le fonti o di nessuna', createFund: 'Crea il fondo',
    pool: 'Disponibilità', available: 'Disponibile', reserved: 'Prenotato', committed: 'Impegnato', spent: 'Speso', returned: 'Restituito', budgetTotal: 'Dotazione',
    rules: 'Regole', addRule: 'Aggiungi una regola a rapporto', numerator: 'Cofinanzia (numeratore)', denominator: 'ogni (denominatore)', ruleCall: 'Solo per il bando', anyCall: 'Qualsiasi bando', maxPerDonor: 'Massimo per donatore per campagna (€, facoltativo)', createRule: 'Aggiungi la regola', ratio: 'cofinanziamento {{n}}:{{d}}',
    tranches: 'Tranche', release: 'Sblocca', confirmPayment: 'Conferma il bonifico', bankReference: 'Riferimento del bonifico', export: 'Scarica l’export trasparenza (CSV)', exportJson: 'JSON',
    tranche: 'Tranche', kind_upfront: 'Anticipo', kind_milestone: 'Traguardo', amount: 'Importo', due: 'Dovuto', status: 'Stato', actions: 'Azioni', created: 'Creato.',
  },
  verifier: {
    title: 'Prove da verificare', empty: 'Niente da verificare.', reported: 'Rendicontato: {{value}} {{unit}}', documents: 'Documenti', verifiedValue: 'Valore verificato', notes: 'Note', approve: 'Approva', fail: 'Segna come non raggiunto', done: 'Esito registrato.',
    target: 'Obiettivo {{target}} {{unit}} (partenza {{baseline}}), regola: {{rule}}',
  },
  transparency: {
    title: 'Dove è andato il denaro pubblico', intro: 'La dotazione di ogni fondo e come è stata usata, al centesimo. Gli stessi dati dell’export scaricabile.', chart: 'Fondi per uso della dotazione', noFunds: 'Ancora nessun fondo.',
    movements: 'Movimenti di denaro pubblico', noMovements: 'Ancora nessun movimento.', date: 'Data', fund: 'Fondo', campaign: 'Campagna', movement: 'Movimento', amount: 'Importo', status: 'Stato',
    download: 'Scarica CSV', downloadJson: 'Scarica JSON', legend: 'Legenda', committed: 'impegnato', released: 'sbloccato', returned: 'restituito',
  },
  common: { loading: 'Caricamento…', error: 'Qualcosa è andato storto: {{message}}', retry: 'Riprova', save: 'Salva', yes: 'Sì', no: 'No', close: 'Chiudi', required: 'obbligatorio' },
};

export const LANGUAGES = ['it', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

function initialLanguage(): Language {
  const saved = localStorage.getItem('lang');
  if (saved === 'it' || saved === 'en') return saved;
  return (navigator.languages ?? [navigator.language]).some((l) => l.toLowerCase().startsWith('it')) ? 'it' : 'en';
}

export function setLanguage(lang: Language): void {
  localStorage.setItem('lang', lang);
  void i18n.changeLanguage(lang);
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en as unknown as Dict }, it: { translation: it as unknown as Dict } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes
});
document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export default i18n;
