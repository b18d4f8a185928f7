/** Names for the seeded customers: French and British businesses and a few private customers. */
export const FR = {
  first: ['Camille', 'Julien', 'Sophie', 'Nicolas', 'Claire', 'Thomas', 'Élodie', 'Antoine', 'Manon', 'Hugo', 'Léa', 'Mathieu', 'Chloé', 'Pierre', 'Inès', 'Louis'],
  last: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'Roux'],
  trade: ['Boulangerie', 'Menuiserie', 'Cabinet', 'Garage', 'Atelier', 'Imprimerie', 'Pharmacie', 'Librairie', 'Fromagerie', 'Agence', 'Transports', 'Plomberie'],
  place: ['du Centre', 'des Halles', 'de la Gare', 'Saint-Michel', 'du Port', 'des Alpes', 'Beaulieu', 'de Provence', 'du Marais', 'Bellevue'],
  form: ['SARL', 'SAS', 'EURL', 'SA'],
  cities: ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Nantes', 'Bordeaux', 'Lille', 'Rennes', 'Grenoble', 'Dijon'],
  domain: 'fr',
  mailbox: ['compta', 'facturation', 'contact', 'gestion'],
};

export const UK = {
  first: ['Oliver', 'Amelia', 'George', 'Isla', 'Harry', 'Ava', 'Jack', 'Emily', 'Charlie', 'Sophie', 'Thomas', 'Grace', 'James', 'Lily', 'William', 'Freya'],
  last: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Wright', 'Evans', 'Walker', 'Hughes', 'Green', 'Hall', 'Clarke'],
  trade: ['Joinery', 'Bakery', 'Consulting', 'Motors', 'Print', 'Plumbing', 'Logistics', 'Design', 'Catering', 'Electrical', 'Surveyors', 'Garden Centre'],
  place: ['Northgate', 'Riverside', 'Kingsway', 'Harbour', 'Highfield', 'Abbey', 'Victoria', 'Westfield', 'Oakwood', 'Station Road'],
  form: ['Ltd', 'Ltd', 'LLP', '& Co'],
  cities: ['London', 'Manchester', 'Leeds', 'Bristol', 'Birmingham', 'York', 'Glasgow', 'Cardiff', 'Norwich', 'Bath'],
  domain: 'co.uk',
  mailbox: ['accounts', 'finance', 'office', 'hello'],
};

export type Locale = typeof FR;

export const slug = (text: string): string =>
  text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
