// Seeded, realistic outbound traffic for consistency tests: Australian senders and recipients from ACMA's fictitious
// range, bodies of every shape Twilio meets (plain GSM-7, accents, emoji, long multi-part texts).
import { Faker, en, en_AU } from '@faker-js/faker';

export interface PlannedMessage {
  from: string;
  to: string;
  body: string;
}

export function plannedTraffic(options: { seed: number; count: number; senders: string[]; recipients: number }): PlannedMessage[] {
  const faker = new Faker({ locale: [en_AU, en] });
  faker.seed(options.seed);
  const recipients = Array.from({ length: options.recipients }, (_, i) => `+614915702${String(i).padStart(2, '0')}`);
  const bodyShapes = [
    () => `Hi ${faker.person.firstName()}, your order #${faker.string.numeric(6)} ships ${faker.date.weekday()}.`,
    () => `${faker.person.fullName()} — réservation confirmée à ${faker.location.city()} 🎉`,
    () => faker.lorem.paragraphs({ min: 2, max: 5 }),
    () => `Code: ${faker.string.alphanumeric(8)} {valid 10 min} [do not share]`,
  ];
  return Array.from({ length: options.count }, () => ({
    from: faker.helpers.arrayElement(options.senders),
    to: faker.helpers.arrayElement(recipients),
    body: faker.helpers.arrayElement(bodyShapes)().slice(0, 1600),
  }));
}
