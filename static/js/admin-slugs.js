/* Admin slug prepopulation for Uzbek: Django's URLify drops ў қ ғ ҳ and the Uzbek Latin
   apostrophes; spell them as pina/slugs.py does (official Uzbek Latin) before URLify runs. */
(function () {
    'use strict';
    const djangoURLify = window.URLify;
    if (!djangoURLify) {
        return;
    }
    const UZBEK = {'ў': 'o', 'қ': 'q', 'ғ': 'g', 'ҳ': 'h', 'Ў': 'O', 'Қ': 'Q', 'Ғ': 'G', 'Ҳ': 'H'};
    const UZBEK_ONLY = /[ўқғҳЎҚҒҲ]/;
    const CYRILLIC = {
        'х': 'x', 'Х': 'X', 'ж': 'j', 'Ж': 'J', 'ц': 'ts', 'Ц': 'Ts', 'щ': 'sh', 'Щ': 'Sh',
        'ъ': '', 'Ъ': '', 'ь': '', 'Ь': '', 'й': 'y', 'Й': 'Y'
    };
    window.URLify = function (s, numChars, allowUnicode) {
        s = s.replace(/[\u02BB\u02BC\u2018\u2019'`]/g, '');
        if (UZBEK_ONLY.test(s)) {
            s = s.replace(/[ўқғҳЎҚҒҲ]/g, (c) => UZBEK[c]);
            s = s.replace(/[хХжЖцЦщЩъЪьЬйЙ]/g, (c) => CYRILLIC[c]);
        }
        return djangoURLify(s, numChars, allowUnicode);
    };
})();
