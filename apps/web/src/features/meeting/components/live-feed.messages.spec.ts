import { describe, expect, it } from '@jest/globals';
import { meetingEventSchemas } from '@klaster/domain';
import pl from '../../../messages/pl.json';
import en from '../../../messages/en.json';

// The live feed names each act of a meeting in words; an act without them would show its raw type.
describe('the live feed of a meeting', () => {
  it.each(Object.keys(meetingEventSchemas))('has words for %s in Polish and English', (type) => {
    expect(pl).toHaveProperty([`feed.event.${type}`]);
    expect(en).toHaveProperty([`feed.event.${type}`]);
  });
});
