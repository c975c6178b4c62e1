// Enhancements only: every page works without this file.
// Place fields (data-place-autocomplete) suggest German places from the API's gazetteer while typing.
(() => {
    const timers = new WeakMap();
    document.addEventListener("input", (event) => {
        const input = event.target;
        if (!(input instanceof HTMLInputElement) || !input.hasAttribute("data-place-autocomplete")) {
            return;
        }
        clearTimeout(timers.get(input));
        const query = input.value.trim();
        if (query.length < 2) {
            return;
        }
        timers.set(input, setTimeout(async () => {
            const list = input.list;
            if (!list) {
                return;
            }
            const response = await fetch("/api/v1/places?limit=8&q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } });
            if (!response.ok) {
                return;
            }
            const places = (await response.json()).items || [];
            list.replaceChildren(...places.map((place) => {
                const option = document.createElement("option");
                option.value = place.name;
                option.label = place.state;
                return option;
            }));
        }, 200));
    });
})();
