import type { Json } from '../state.ts';

/** The two seeded companies: a US one (USD, sales tax country) and a UK one (GBP, the statutory-interest case). */
export type CompanySeed = {
  id: string;
  name: string;
  legalName: string;
  country: 'US' | 'GB';
  currency: 'USD' | 'GBP';
  timeZone: string;
  email: string;
  addr: Json;
  customers: { name: string; given: string; family: string }[];
  services: { name: string; price: number }[];
};

export const COMPANIES: CompanySeed[] = [
  {
    id: '9341453050071240',
    name: 'Sunrise Plumbing',
    legalName: 'Sunrise Plumbing LLC',
    country: 'US',
    currency: 'USD',
    timeZone: 'America/Los_Angeles',
    email: 'billing@sunrise-plumbing.example',
    addr: { Line1: '123 Sierra Way', City: 'San Pablo', CountrySubDivisionCode: 'CA', PostalCode: '87999', Country: 'US' },
    customers: [
      { name: "Amy's Bird Sanctuary", given: 'Amy', family: 'Lauterbach' },
      { name: 'Bill Windsurf Shop', given: 'Bill', family: 'Lucchini' },
      { name: 'Cool Cars', given: 'Grace', family: 'Pariente' },
      { name: 'Diego Rodriguez', given: 'Diego', family: 'Rodriguez' },
      { name: 'Dukes Basketball Camp', given: 'Peter', family: 'Dukes' },
      { name: 'Freeman Sporting Goods', given: 'Kirby', family: 'Freeman' },
    ],
    services: [
      { name: 'Installation', price: 50 },
      { name: 'Maintenance & Repair', price: 75 },
      { name: 'Design', price: 120 },
    ],
  },
  {
    id: '9341453050071241',
    name: 'Harbour Print',
    legalName: 'Harbour Print Ltd',
    country: 'GB',
    currency: 'GBP',
    timeZone: 'Europe/London',
    email: 'accounts@harbour-print.example',
    addr: { Line1: '4 Quay Street', City: 'Bristol', PostalCode: 'BS1 4DJ', Country: 'GB' },
    customers: [
      { name: 'Avon Valley Cafe', given: 'Sophie', family: 'Hughes' },
      { name: 'Brunel Lettings', given: 'Oliver', family: 'Price' },
      { name: 'Clifton Yoga', given: 'Amelia', family: 'Ward' },
      { name: 'Redland Books', given: 'Harry', family: 'Lewis' },
      { name: 'Severn Cycles', given: 'Isla', family: 'Morgan' },
    ],
    services: [
      { name: 'Business cards', price: 45 },
      { name: 'Brochure print run', price: 380 },
      { name: 'Design hour', price: 65 },
    ],
  },
];
