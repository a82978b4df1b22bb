/**
 * Small ids for JSON values, for building short keys: equal values (the same JSON text) get the same id, and an
 * object seen before is not serialized again (the streaming reader shares equal values between resources, so most
 * settings of a bucket are objects seen before). Values must not change while ids are handed out.
 */
export class ValueIds {
  private readonly byJson = new Map<string, number>();
  private readonly byObject = new Map<object, number>();

  /** `#` and the id of an object or array, or the JSON text of anything else (`undefined` for undefined). */
  of(value: unknown): string {
    if (typeof value !== 'object' || value === null) return String(JSON.stringify(value));
    let id = this.byObject.get(value);
    if (id === undefined) this.byObject.set(value, (id = this.ofJson(JSON.stringify(value))));
    return `#${id}`;
  }

  /** The id of a value given as its JSON text. */
  ofJson(json: string): number {
    let id = this.byJson.get(json);
    if (id === undefined) this.byJson.set(json, (id = this.byJson.size));
    return id;
  }
}
