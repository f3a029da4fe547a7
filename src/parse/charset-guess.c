/* charset-guess.c - guess the legacy encoding of undeclared text. */
#include "config.h"

#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "charset-int.h"
#include "text.h"
#include "util.h"

/* How much of the text the guess decodes and scores. */
#define CHARSET_SAMPLE		65536

/*
 * Frequent characters, most frequent first: the ~1,200 commonest Chinese
 * characters (simplified, and the same list in traditional forms) and the
 * ~150 commonest Hangul syllables. A legacy-encoded text decoded with the
 * right encoding is mostly made of them; decoded with a wrong one, it gives
 * characters scattered over the whole repertoire.
 */
static const char charset_zh_hans[] =
	"的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生"
	"能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都"
	"同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军"
	"者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由"
	"问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话"
	"合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真"
	"论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受"
	"目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空"
	"决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记"
	"南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识"
	"候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近"
	"失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需"
	"价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容"
	"照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图"
	"念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众"
	"构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站"
	"严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织"
	"害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝"
	"限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑"
	"预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财"
	"环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策"
	"演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚"
	"善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左"
	"右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟"
	"登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括"
	"舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班"
	"智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖"
	"录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材"
	"灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁"
	"阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸"
	"诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄"
	"稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿"
	"兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱"
	"鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇"
	"猛摆梅毁伸摩盟末乃悲拍丁赵";

static const char charset_zh_hant[] =
	"的一是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生"
	"能而子那得於著下自之年過發後作裡用道行所然家種事成方多經麼去法學如都"
	"同現當沒動面起看定天分還進好小部其些主樣理心她本前開但因只從想實日軍"
	"者意無力它與長把機十民第公此已工使情明性知全三又關點正業外將兩高間由"
	"問很最重並物手應戰向頭文體政美相見被利什二等產或新己制身果加西斯月話"
	"合回特代內信表化老給世位次度門任常先海通教兒原東聲提立及比員解水名真"
	"論處走義各入幾口認條平系氣題活爾更別打女變四神總何電數安少報才結反受"
	"目太量再感建務做接必場件計管期市直德資命山金指克許統區保至隊形社便空"
	"決治展馬科司五基眼書非則聽白卻界達光放強即像難且權思王象完設式色路記"
	"南品住告類求據程北邊死張該交規萬取拉格望覺術領共確傳師觀清今切院讓識"
	"候帶導爭運笑飛風步改收根乾造言聯持組每濟車親極林服快辦議往元英士證近"
	"失轉夫令準布始怎呢存未遠叫台單影具羅字愛擊流備兵連調深商算質團集百需"
	"價花黨華城石級整府離況亞請技際約示復病息究線似官火斷精滿支視消越器容"
	"照須九增研寫稱企八功嗎包片史委乎查輕易早曾除農找裝廣顯吧阿李標談吃圖"
	"念六引歷首醫局突專費號盡另周較注語僅考落青隨選列武紅響雖推勢參希古眾"
	"構房半節土投某案黑維革劃敵致陳律足態護七興派孩驗責營星夠章音跟志底站"
	"嚴巴例防族供效續施留講型料終答緊黃絕奇察母京段依批群項故按河米圍江織"
	"害鬥雙境客紀採舉殺攻父蘇密低朝友訴止細願千值仍男錢破網熱助倒育屬坐帝"
	"限船臉職速刻樂否剛威毛狀率甚獨球般普怕彈校苦創假久錯承印晚蘭試股拿腦"
	"預誰益陽若哪微尼繼送急血驚傷素藥適波夜省初喜衛源食險待述陸習置居勞財"
	"環排福納歡雷警獲模充負雲停木遊龍樹疑層冷洲衝射略範竟句室異激漢村哈策"
	"演簡卡罪判擔州靜退既衣您宗積餘痛檢差富靈協角占配徵修皮揮勝降階審沉堅"
	"善媽劉讀啊超免壓銀買皇養伊懷執副亂抗犯追幫宣佛歲航優怪香著田鐵控稅左"
	"右份穿藝背陣草腳概惡塊頓敢守酒島托央戶烈洋哥索胡款靠評版寶座釋景顧弟"
	"登貨互付伯慢歐換聞危忙核暗姐介壞討麗良序升監臨亮露永呼味野架域沙掉括"
	"艦魚雜誤灣吉減編楚肯測敗屋跑夢散溫困劍漸封救貴槍缺樓縣尚毫移娘朋畫班"
	"智亦耳恩短掌恐遺固席松秘謝魯遇康慮幸均銷鐘詩藏趕劇票損忽巨炮舊端探湖"
	"錄葉春鄉附吸予禮港雨呀板庭婦歸睛飯額含順輸搖招婚脫補謂督毒油療旅澤材"
	"滅逐莫筆亡鮮詞聖擇尋廠睡博勒煙授諾倫岸奧唐賣俄炸載洛健堂旁宮喝借君禁"
	"陰園謀宋避抓榮姑孫逃牙束跳頂玉鎮雪午練迫爺篇肉嘴館遍凡礎洞卷坦牛寧紙"
	"諸訓私莊祖絲翻暴森塔默握戲隱熟骨訪弱蒙歌店鬼軟典欲薩伙遭盤爸擴蓋弄雄"
	"穩忘億刺擁徒姆楊齊賽趣曲刀床迎冰虛玩析窗醒妻透購替塞努休虎揚途侵刑綠"
	"兄迅套貿畢唯谷輪庫跡尤競街促延震棄甲偉麻川申緩潛閃售燈針哲絡抵朱埃抱"
	"鼓植純夏忍頁傑築折鄭貝尊吳秀混臣雅振染盛怒舞圓搞狂措姓殘秋培迷誠寬宇"
	"猛擺梅毀伸摩盟末乃悲拍丁趙";

static const char charset_ko[] =
	"이다의는에하고을가로지한기서사있리정으도자대를니시수어인일국해적아보"
	"나들전제우상부과라게주것동장되만경여성학소구었면스무세원실위요내방신"
	"문안생조화치비중공관미발연개계통행물현그던오업까데며했말결선회분할때"
	"진모습와입식용된저러민없거점당외야출금특합받터단또등월년명후산운교래"
	"같차본유품알영째처임감반표법추두은간";

/* A frequent-character list decoded to sorted code points, made at first
   use. */
struct charset_set {
	const char	*chars;
	uint32_t	*cps;
	size_t		 n;
};

static struct charset_set charset_set_hans = { charset_zh_hans, NULL, 0 };
static struct charset_set charset_set_hant = { charset_zh_hant, NULL, 0 };
static struct charset_set charset_set_ko = { charset_ko, NULL, 0 };

enum charset_guess_kind {
	GUESS_HANS,
	GUESS_HANT,
	GUESS_JA,
	GUESS_KO,
	GUESS_CYRILLIC,
	GUESS_LATIN,
};

/* The guesses, in the order that wins a tie. */
static const struct {
	const char		*name;
	enum charset_guess_kind	 kind;
} charset_guesses[] = {
	{ "GB18030", GUESS_HANS },
	{ "BIG5-HKSCS", GUESS_HANT },
	{ "CP932", GUESS_JA },
	{ "CP949", GUESS_KO },
	{ "WINDOWS-1251", GUESS_CYRILLIC },
	{ "WINDOWS-1252", GUESS_LATIN },
};

static int
charset_is_alpha(uint32_t c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

static void
charset_set_load(struct charset_set *set)
{
	const char	*p = set->chars;
	size_t		 len = strlen(p), n, i, j;
	uint32_t	 cp, tmp;

	if (set->cps != NULL)
		return;
	set->cps = xreallocarray(NULL, len, sizeof *set->cps);
	for (; len > 0; p += n, len -= n) {
		n = text_utf8_decode(p, len, &cp);
		set->cps[set->n++] = cp;
	}
	for (i = 1; i < set->n; i++) {	/* insertion sort, once, ~1,200 */
		tmp = set->cps[i];
		for (j = i; j > 0 && set->cps[j - 1] > tmp; j--)
			set->cps[j] = set->cps[j - 1];
		set->cps[j] = tmp;
	}
}

static int
charset_set_has(struct charset_set *set, uint32_t cp)
{
	size_t lo = 0, hi, mid;

	charset_set_load(set);
	hi = set->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < set->cps[mid])
			hi = mid;
		else if (cp > set->cps[mid])
			lo = mid + 1;
		else
			return (1);
	}
	return (0);
}

/* Punctuation of CJK text: ideographic, full-width, quotes, dashes. */
static int
charset_cjk_punct(uint32_t cp)
{
	return ((cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff01 &&
	    cp <= 0xff5e) || (cp >= 0x2018 && cp <= 0x201d) ||
	    cp == 0x2014 || cp == 0x2026 || cp == 0xb7);
}

static int
charset_cyr_lower(uint32_t cp)
{
	return ((cp >= 0x430 && cp <= 0x44f) || cp == 0x451 || cp == 0x454 ||
	    cp == 0x456 || cp == 0x457 || cp == 0x45e || cp == 0x491);
}

static int
charset_cyr_upper(uint32_t cp)
{
	return ((cp >= 0x410 && cp <= 0x42f) || cp == 0x401 || cp == 0x404 ||
	    cp == 0x406 || cp == 0x407 || cp == 0x40e || cp == 0x490);
}

static int
charset_latin_letter(uint32_t cp)
{
	return ((cp >= 0xc0 && cp <= 0xff && cp != 0xd7 && cp != 0xf7) ||
	    cp == 0x152 || cp == 0x153 || cp == 0x160 || cp == 0x161 ||
	    cp == 0x178 || cp == 0x17d || cp == 0x17e);
}

static int
charset_is_letter(uint32_t cp)
{
	return (cp < 0x80 ? charset_is_alpha(cp) : charset_latin_letter(cp) ||
	    charset_cyr_lower(cp) || charset_cyr_upper(cp));
}

/*
 * What one decoded non-ASCII character says for the guess: +1 when it is
 * what text in that language is made of, -1 when such text would not have
 * it, 0 when it says nothing. prev and next are its neighbours (0 at the
 * ends).
 *
 * Chinese and Korean: a frequent character (or CJK punctuation) is +1.
 * Japanese: kana and CJK punctuation are +1, and so are frequent Chinese
 * characters (kanji). Cyrillic: a lowercase letter, or an uppercase one
 * that does not follow a lowercase one, is +1 unless it touches a Latin
 * letter, which is -1 (mixed-script words are what Latin text decoded as
 * Cyrillic looks like). Latin: a letter or symbol next to an ASCII
 * character, or a letter standing alone, is +1 (accents sit inside Latin
 * words; CJK text decoded as Latin is long runs of high characters).
 */
static int
charset_weigh(enum charset_guess_kind kind, uint32_t prev, uint32_t cp,
    uint32_t next)
{
	if (cp == 0xfffd)
		return (-1);
	switch (kind) {
	case GUESS_HANS:
		return (charset_cjk_punct(cp) ||
		    charset_set_has(&charset_set_hans, cp));
	case GUESS_HANT:
		return (charset_cjk_punct(cp) ||
		    charset_set_has(&charset_set_hant, cp));
	case GUESS_JA:
		return ((cp >= 0x3041 && cp <= 0x30ff) ||
		    charset_cjk_punct(cp) ||
		    charset_set_has(&charset_set_hans, cp) ||
		    charset_set_has(&charset_set_hant, cp));
	case GUESS_KO:
		return (charset_set_has(&charset_set_ko, cp));
	case GUESS_CYRILLIC:
		if (!charset_cyr_lower(cp) && !charset_cyr_upper(cp))
			return (cp == 0xab || cp == 0xbb || cp == 0x2116 ||
			    cp == 0x2013 || cp == 0x2014);
		if ((prev < 0x80 && charset_is_alpha(prev)) ||
		    (next < 0x80 && charset_is_alpha(next)))
			return (-1);
		if (charset_cyr_upper(cp) && charset_cyr_lower(prev))
			return (-1);
		return (1);
	case GUESS_LATIN:
		if (charset_latin_letter(cp)) {
			if ((prev < 0x80 && charset_is_alpha(prev)) ||
			    (next < 0x80 && charset_is_alpha(next)))
				return (1);
			return (!charset_is_letter(prev) &&
			    !charset_is_letter(next));
		}
		if ((cp >= 0xa0 && cp <= 0xbf) || cp == 0xd7 || cp == 0xf7 ||
		    (cp >= 0x2000 && cp <= 0x20ff) ||
		    cp == 0x2122 || cp == 0x192 || cp == 0x2c6 || cp == 0x2dc)
			return (prev < 0x80 || next < 0x80);
		return (0);
	}
	return (0);
}

/*
 * The score of one guess over sample (already decoded into b), per
 * thousand non-ASCII characters.
 */
static long
charset_score(enum charset_guess_kind kind, const struct buf *b)
{
	const char	*p = buf_str(b);
	size_t		 len = b->len, n;
	uint32_t	 prev = 0, cp, next;
	long		 sum = 0, count = 0;

	if (len == 0)
		return (0);
	n = text_utf8_decode(p, len, &cp);
	while (len > 0) {
		p += n;
		len -= n;
		next = 0;
		n = 0;
		if (len > 0)
			n = text_utf8_decode(p, len, &next);
		if (cp >= 0x80) {
			sum += charset_weigh(kind, prev, cp, next);
			count++;
		}
		prev = cp;
		cp = next;
	}
	if (count == 0)
		return (0);
	return (sum * 1000 / count);
}

/*
 * Guess a legacy encoding: decode a sample with each candidate and keep
 * the one whose text looks most like its language (charset_weigh). The
 * sample starts shortly before the first non-ASCII byte: everything before
 * it is ASCII, so any point there is a character boundary.
 */
const char *
charset_guess(const char *s, size_t len)
{
	struct buf	 b = BUF_INIT;
	const char	*best = "WINDOWS-1252";
	size_t		 start, i;
	long		 score, best_score = -1001;
	iconv_t		 cd;
	const char	*name;

	for (start = 0; start < len && (unsigned char)s[start] < 0x80; start++)
		;
	if (start == len)
		return ("WINDOWS-1252");
	start = start > 16 ? start - 16 : 0;
	len -= start;
	if (len > CHARSET_SAMPLE)
		len = CHARSET_SAMPLE;
	for (i = 0; i < NITEMS(charset_guesses); i++) {
		name = charset_usable(charset_guesses[i].name);
		if ((cd = charset_open(name)) == (iconv_t)-1)
			continue;
		buf_reset(&b);
		charset_iconv(cd, s + start, len, 1, &b);
		score = charset_score(charset_guesses[i].kind, &b);
		if (score > best_score) {
			best_score = score;
			best = charset_guesses[i].name;
		}
	}
	buf_free(&b);
	return (charset_usable(best));
}
