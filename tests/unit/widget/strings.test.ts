// The widget's translation table: a language is picked from the explicit choice, then the browser's languages,
// then English; French covers every key English has.
import { describe, expect, it } from 'vitest';
import { en, fr, pickStrings } from '../../../src/widget/strings';

describe('widget strings', () => {
  it('picks the explicit language, then the browser languages, then English', () => {
    expect(pickStrings('fr-CA').lang).toBe('fr');
    expect(pickStrings(undefined, ['de-DE', 'fr-FR']).lang).toBe('fr');
    expect(pickStrings('de', ['es']).lang).toBe('en');
    expect(pickStrings('EN-gb', ['fr']).lang).toBe('en');
  });

  it('has French for every English string, and says places in line the way each language does', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    expect(en.position(1)).toBe("You're 1st in line");
    expect(en.position(2)).toBe("You're 2nd in line");
    expect(en.position(13)).toBe("You're 13th in line");
    expect(en.position(23)).toBe("You're 23rd in line");
    expect(fr.position(1)).toBe('Vous êtes 1er dans la file');
    expect(fr.position(3)).toBe('Vous êtes 3e dans la file');
    expect(fr.waitAbout(1)).toBe("moins d'une minute");
    expect(en.waitAbout(8)).toBe('about 8 minutes');
  });
});
